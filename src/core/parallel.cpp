#include "core/parallel.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "flujo/core/float_mode.hpp"

namespace flujo::parallel {
namespace {

class Pool {
 public:
  ~Pool() {
    stopping_ = true;
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  void run(int parts, void (*job)(void*, int), void* context) {
    std::lock_guard<std::mutex> lock(mutex_);  // one job at a time
    // Every worker takes part in every job (those without a part just check in), so no worker
    // can still be reading the previous job's description when the next one is written.
    while (static_cast<int>(workers_.size()) < parts - 1) {
      const int index = static_cast<int>(workers_.size()) + 1;
      const uint64_t current = generation_.load(std::memory_order_relaxed);
      workers_.emplace_back([this, index, current] { work(index, current); });
    }
    job_ = job;
    context_ = context;
    parts_ = parts;
    pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    job(context, 0);
    for (int left = pending_.load(std::memory_order_acquire); left != 0;
         left = pending_.load(std::memory_order_acquire)) {
      pending_.wait(left, std::memory_order_acquire);
    }
  }

 private:
  // `seen` starts at the generation current when the worker was made: its first job is the next.
  void work(int index, uint64_t seen) {
    enable_flush_to_zero();  // workers only do network math (see flujo/core/float_mode.hpp)
    for (;;) {
      generation_.wait(seen, std::memory_order_acquire);
      seen = generation_.load(std::memory_order_acquire);
      if (stopping_) return;
      if (index < parts_) job_(context_, index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
    }
  }

  std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stopping_{false};
  void (*job_)(void*, int) = nullptr;
  void* context_ = nullptr;
  int parts_ = 0;
};

}  // namespace

void run(int parts, void (*job)(void*, int), void* context) {
  if (parts <= 1) {
    job(context, 0);
    return;
  }
  static Pool pool;
  pool.run(parts, job, context);
}

}  // namespace flujo::parallel
