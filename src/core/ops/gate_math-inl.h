// Gate non-linearities for the fused recurrent kernels, a vector of units at a time at each
// kernel level (core/ops/simd-inl.h; the library's std::exp / std::tanh are scalar calls). Both
// stay within 3e-7 relative error of the exact functions on the range that matters (checked at
// every level in tests/core/recurrent_test.cpp). Compiled once per level, like simd-inl.h.
#if defined(FLUJO_CORE_OPS_GATE_MATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef FLUJO_CORE_OPS_GATE_MATH_INL_H_
#undef FLUJO_CORE_OPS_GATE_MATH_INL_H_
#else
#define FLUJO_CORE_OPS_GATE_MATH_INL_H_
#endif

#include "core/ops/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace flujo::ops::HWY_NAMESPACE {

// exp by range reduction x = n·ln2 + r and a degree-6 polynomial in r (Cephes' expf). Adding
// 1.5·2^23 rounds x·log2(e) to the nearest integer and leaves it in the low mantissa bits.
// Polynomials run as multiply-adds (the language does not contract a·b + c by itself): on FMA
// levels half the operations, which are what a gate pass is bound by.
inline Vec exp(Vec x) {
  const Ints di;
  const Vec round = broadcast(12582912.0f);
  x = clamp(x, -87.0f, 88.0f);
  const Vec shifted = fma(x, broadcast(1.44269504088896341f), round);
  const Vec n = shifted - round;
  Vec r = fma(n, broadcast(-0.693359375f), x);
  r = fma(n, broadcast(2.12194440e-4f), r);
  Vec p = fma(r, broadcast(1.9875691500e-4f), broadcast(1.3981999507e-3f));
  p = fma(p, r, broadcast(8.3334519073e-3f));
  p = fma(p, r, broadcast(4.1665795894e-2f));
  p = fma(p, r, broadcast(1.6666665459e-1f));
  p = fma(p, r, broadcast(5.0000001201e-1f));
  p = fma(p, r * r, r + broadcast(1.0f));
  const auto exponent = hn::BitCast(di, shifted) - hn::BitCast(di, round);
  return p * hn::BitCast(Floats(), hn::ShiftLeft<23>(exponent + hn::Set(di, 127)));
}

inline Vec sigmoid(Vec x) { return reciprocal(broadcast(1.0f) + exp(hn::Neg(x))); }

// tanh as an odd rational minimax p(x)/q(x) of degrees 13/6 (Eigen's), clamped where tanh rounds
// to ±1 in float32. Odd in x, so small arguments keep full relative accuracy.
inline Vec tanh(Vec x) {
  const Vec c = clamp(x, -7.90531110763549805f, 7.90531110763549805f);
  const Vec c2 = c * c;
  Vec p = fma(c2, broadcast(-2.76076847742355e-16f), broadcast(2.00018790482477e-13f));
  p = fma(p, c2, broadcast(-8.60467152213735e-11f));
  p = fma(p, c2, broadcast(5.12229709037114e-08f));
  p = fma(p, c2, broadcast(1.48572235717979e-05f));
  p = fma(p, c2, broadcast(6.37261928875436e-04f));
  p = fma(p, c2, broadcast(4.89352455891786e-03f));
  Vec q = fma(c2, broadcast(1.19825839466702e-06f), broadcast(1.18534705686654e-04f));
  q = fma(q, c2, broadcast(2.26843463243900e-03f));
  q = fma(q, c2, broadcast(4.89352518554385e-03f));
  return c * p * reciprocal(q);
}

}  // namespace flujo::ops::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // FLUJO_CORE_OPS_GATE_MATH_INL_H_
