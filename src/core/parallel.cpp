#include "flujo/core/parallel.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "flujo/core/float_mode.hpp"

namespace flujo::parallel {
namespace {

// Waits until `value` differs from `old`. Jobs often come back to back (a large layer's
// per-step products, one every ~100 µs), and waking a thread asleep on the futex costs tens of
// microseconds on a virtual machine, so a waiter first polls for 20 µs, then sleeps.
template <class T>
T await_change(const std::atomic<T>& value, T old) {
  constexpr auto kPollFor = std::chrono::microseconds(20);
  const auto until = std::chrono::steady_clock::now() + kPollFor;
  for (int poll = 1;; ++poll) {
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
#if defined(__x86_64__)
    _mm_pause();
#endif
    if (poll % 32 == 0 && std::chrono::steady_clock::now() > until) break;
  }
  for (;;) {
    const T now = value.load(std::memory_order_acquire);
    if (now != old) return now;
    value.wait(old, std::memory_order_acquire);
  }
}

// Set on a thread while it runs a part of a job: a nested run() then takes its parts in turn.
thread_local bool inside_job = false;

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
    inside_job = true;
    job(context, 0);
    inside_job = false;
    for (int left = pending_.load(std::memory_order_acquire); left != 0;) {
      left = await_change(pending_, left);
    }
  }

 private:
  // `seen` starts at the generation current when the worker was made: its first job is the next.
  void work(int index, uint64_t seen) {
    enable_flush_to_zero();  // workers only do network math (see flujo/core/float_mode.hpp)
    inside_job = true;
    for (;;) {
      seen = await_change(generation_, seen);
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
  if (parts <= 1 || inside_job) {
    for (int part = 0; part < parts; ++part) job(context, part);
    return;
  }
  static Pool pool;
  pool.run(parts, job, context);
}

}  // namespace flujo::parallel
