#pragma once
// Splits one job into parts that run at the same time: part 0 on the calling thread, part p on
// worker p-1 of a process-wide set of threads started on first need and kept, so that a training
// step starts no thread and allocates nothing. Between jobs workers poll for 20 µs, then block
// (futex) rather than spin on, since the cores may be shared. Jobs must not throw. A job that
// calls run itself (a split product inside a worker's part) runs the inner parts in turn.
#include <cstdint>
#include <type_traits>

namespace flujo::parallel {

// Where part p of `parts` equal shares of [0, size) starts, rounded down to a multiple of
// `align`; part `parts` starts at size. The split depends on these numbers only, so a given
// thread count repeats bit for bit.
inline int64_t part_begin(int64_t size, int p, int parts, int64_t align = 1) {
  if (p >= parts) return size;
  return size * p / parts / align * align;
}

// Calls job(context, part) for part = 0 .. parts-1 concurrently; returns when all have returned.
void run(int parts, void (*job)(void* context, int part), void* context);

// Same for a callable f(int part).
template <class Job>
void run(int parts, Job&& job) {
  using Callable = std::remove_reference_t<Job>;
  run(parts, [](void* context, int part) { (*static_cast<Callable*>(context))(part); }, &job);
}

}  // namespace flujo::parallel
