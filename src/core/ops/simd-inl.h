// Per-level vector helpers for the kernel files (Highway's per-target include guard: this header
// is compiled once per kernel level, inside that level's namespace). A vector holds Lanes()
// floats, 16 / 8 / 4 / 1 by level; a row's last, partial vector goes through load_first and
// store_first, so that every element of a row takes the same vector operations whatever the
// row's length.
#if defined(FLUJO_CORE_OPS_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef FLUJO_CORE_OPS_SIMD_INL_H_
#undef FLUJO_CORE_OPS_SIMD_INL_H_
#else
#define FLUJO_CORE_OPS_SIMD_INL_H_
#endif

#include <algorithm>
#include <cstdint>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace flujo::ops::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using Floats = hn::ScalableTag<float>;
using Ints = hn::RebindToSigned<Floats>;
using Vec = hn::Vec<Floats>;
constexpr int64_t kLanes = HWY_LANES(float);
// Vector registers of the level: AVX-512 has 32, the others 16. Register tiles are sized by it.
constexpr int kRegisters = HWY_TARGET == HWY_AVX3 ? 32 : 16;

inline Vec broadcast(float x) { return hn::Set(Floats(), x); }

// The first `lanes` (1 .. kLanes) floats at p, the other lanes zero / left untouched, touching no
// memory past them. AVX2 and AVX-512 have masked moves for it; Highway's SSE4 MaskedLoad reads a
// whole aligned vector and its BlendedStore writes one back, which could fault past a buffer's
// end or race with the worker that owns the next row, so below AVX2 the lanes go through a
// small buffer.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX2
inline Vec load_first(const float* p, int64_t lanes) {
  const Floats d;
  return hn::MaskedLoad(hn::FirstN(d, static_cast<size_t>(lanes)), d, p);
}
inline void store_first(float* p, Vec v, int64_t lanes) {
  const Floats d;
  hn::BlendedStore(v, hn::FirstN(d, static_cast<size_t>(lanes)), d, p);
}
#else
inline Vec load_first(const float* p, int64_t lanes) {
  float buffer[kLanes] = {};
  for (int64_t l = 0; l < lanes; ++l) buffer[l] = p[l];
  return hn::LoadU(Floats(), buffer);
}
inline void store_first(float* p, Vec v, int64_t lanes) {
  float buffer[kLanes];
  hn::StoreU(v, Floats(), buffer);
  for (int64_t l = 0; l < lanes; ++l) p[l] = buffer[l];
}
#endif

// Units [j, j + lanes) of a row: a whole vector but for a row's last chunk when kLanes ∤ H.
struct Chunk {
  int64_t j, lanes;
  Vec load(const float* row) const {
    return lanes == kLanes ? hn::LoadU(Floats(), row + j) : load_first(row + j, lanes);
  }
  void store(float* row, Vec v) const {
    if (lanes == kLanes) {
      hn::StoreU(v, Floats(), row + j);
    } else {
      store_first(row + j, v, lanes);
    }
  }
};

template <class Body>
void for_each_chunk(int64_t width, Body&& body) {
  for (int64_t j = 0; j < width; j += kLanes) body(Chunk{j, std::min(kLanes, width - j)});
}

// a·b + c: one rounding where the level has FMA (AVX2, AVX-512), two elsewhere.
inline Vec fma(Vec a, Vec b, Vec c) { return hn::MulAdd(a, b, c); }

// 1/x. AVX-512: the 14-bit estimate refined by one Newton step, r + r·(1 − x·r), within 2 ulp
// (an estimate and two FMAs against a division of ~10 cycles; the gate passes take five per
// unit). AVX2's estimate has 12 bits: after one step 1/1 is 1 − 2⁻²⁴, so a saturated gate would
// no longer be exactly 1, and the step saved under 1% of an LSTM-64 epoch on a Zen 2 EPYC
// (profile share of the gate pass 11.4% → 10.5%). There and below, a division.
inline Vec reciprocal(Vec x) {
#if HWY_TARGET == HWY_AVX3
  const Vec r = hn::ApproximateReciprocal(x);
  return fma(r, hn::NegMulAdd(x, r, broadcast(1.0f)), r);
#else
  return broadcast(1.0f) / x;
#endif
}

// Elementwise low ≤ x ≤ high; NaN stays NaN (Min/Max would replace it).
inline Vec clamp(Vec x, float low, float high) {
  const Vec lo = broadcast(low), hi = broadcast(high);
  x = hn::IfThenElse(x < lo, lo, x);
  return hn::IfThenElse(x > hi, hi, x);
}

// The lanes of v added in a fixed tree (halves, then quarters, ...): the same order at a level
// whatever the data.
inline float sum(Vec v) {
  float lanes[kLanes];
  hn::StoreU(v, Floats(), lanes);
  for (int64_t width = kLanes / 2; width >= 1; width /= 2)
    for (int64_t l = 0; l < width; ++l) lanes[l] += lanes[l + width];
  return lanes[0];
}

}  // namespace flujo::ops::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // FLUJO_CORE_OPS_SIMD_INL_H_
