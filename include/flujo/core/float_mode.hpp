#pragma once
// Flush-to-zero for the network's float32 math. Gradients that fade over long back-propagation
// (hundreds of steps through saturated gates) become subnormal, and every x86 operation on a
// subnormal costs on the order of a hundred cycles: at look_back 400 they were 83% of an epoch's
// time. Flushing them (FTZ: subnormal results become 0; DAZ: subnormal inputs read as 0) changes
// only values below 1.2e-38, far under any gradient that moves a weight.
//
// The mode belongs to a thread. Every thread that does network math sets it: the worker threads
// of flujo/core/parallel.hpp at their start, the recurrent kernels for their duration (FlushToZeroScope),
// `flujo train` for the whole run. Results stay bitwise repeatable, since the mode does not
// depend on timing. Without SSE (non-x86 builds) both are no-ops.
#include <cstdint>

namespace flujo {

// Sets FTZ and DAZ on the calling thread for good.
void enable_flush_to_zero();

// Sets FTZ and DAZ on the calling thread until the scope ends, then restores the caller's mode.
class FlushToZeroScope {
 public:
  FlushToZeroScope();
  ~FlushToZeroScope();
  FlushToZeroScope(const FlushToZeroScope&) = delete;
  FlushToZeroScope& operator=(const FlushToZeroScope&) = delete;

 private:
  uint32_t saved_ = 0;
};

}  // namespace flujo
