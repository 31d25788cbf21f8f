// parallel::run: every part runs once, on distinct threads when there are several; a job that
// calls run again takes the inner parts in turn on its own thread; jobs follow one another.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "flujo/core/parallel.hpp"

namespace flujo {
namespace {

TEST(Parallel, RunsEveryPartOnceOnItsOwnThread) {
  for (int parts : {1, 2, 3}) {
    std::vector<std::atomic<int>> runs(parts);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    parallel::run(parts, [&](int part) {
      runs[part].fetch_add(1);
      const std::lock_guard<std::mutex> lock(mutex);
      threads.insert(std::this_thread::get_id());
    });
    for (int part = 0; part < parts; ++part) EXPECT_EQ(runs[part].load(), 1) << "part " << part;
    EXPECT_EQ(static_cast<int>(threads.size()), parts);
  }
}

TEST(Parallel, NestedRunsTakeTheirPartsInTurn) {
  std::atomic<int> inner_runs{0};
  std::atomic<bool> inner_on_other_thread{false};
  parallel::run(2, [&](int) {
    const std::thread::id outer = std::this_thread::get_id();
    parallel::run(3, [&](int) {
      inner_runs.fetch_add(1);
      if (std::this_thread::get_id() != outer) inner_on_other_thread = true;
    });
  });
  EXPECT_EQ(inner_runs.load(), 6);
  EXPECT_FALSE(inner_on_other_thread.load());
}

TEST(Parallel, ManyJobsInARowEachSeeAllTheirParts) {
  std::atomic<int> total{0};
  for (int job = 0; job < 200; ++job) parallel::run(2, [&](int part) { total += part + 1; });
  EXPECT_EQ(total.load(), 200 * 3);
}

}  // namespace
}  // namespace flujo
