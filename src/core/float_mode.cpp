#include "flujo/core/float_mode.hpp"

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace flujo {
namespace {

#if defined(__SSE__)
constexpr uint32_t kFlushToZero = 0x8000;      // MXCSR.FTZ
constexpr uint32_t kDenormalsAreZero = 0x0040;  // MXCSR.DAZ
#endif

uint32_t read_mode() {
#if defined(__SSE__)
  return _mm_getcsr();
#else
  return 0;
#endif
}

void write_mode([[maybe_unused]] uint32_t mode) {
#if defined(__SSE__)
  _mm_setcsr(mode);
#endif
}

uint32_t with_flush_to_zero(uint32_t mode) {
#if defined(__SSE__)
  return mode | kFlushToZero | kDenormalsAreZero;
#else
  return mode;
#endif
}

}  // namespace

void enable_flush_to_zero() { write_mode(with_flush_to_zero(read_mode())); }

FlushToZeroScope::FlushToZeroScope() : saved_(read_mode()) {
  // Writing MXCSR serialises the pipeline; skip it when the mode is already set.
  if (with_flush_to_zero(saved_) != saved_) write_mode(with_flush_to_zero(saved_));
}

FlushToZeroScope::~FlushToZeroScope() {
  if (with_flush_to_zero(saved_) != saved_) write_mode(saved_);
}

}  // namespace flujo
