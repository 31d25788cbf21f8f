#pragma once
// Gate non-linearities for the fused recurrent kernels, sixteen units at a time (core/ops/vec16;
// the library's std::exp / std::tanh are scalar calls). Both stay within 3e-7 relative error of
// the exact functions on the range that matters (checked in tests/core/recurrent_test.cpp).
// Every unit takes the same vector operations, a row's last partial chunk included.
#include <bit>

#include "core/ops/vec16.hpp"

namespace flujo::ops::gate_math {

using vec16::Vec;

// exp by range reduction x = n·ln2 + r and a degree-6 polynomial in r (Cephes' expf). Adding
// 1.5·2^23 rounds x·log2(e) to the nearest integer and leaves it in the low mantissa bits.
// Polynomials run as fused multiply-adds (the language does not contract a·b + c by itself):
// half the operations, which are what a gate pass is bound by.
inline Vec exp(Vec x) {
  using vec16::fma;
  const Vec round = vec16::broadcast(12582912.0f);
  x = vec16::clamp(x, -87.0f, 88.0f);
  const Vec shifted = fma(x, vec16::broadcast(1.44269504088896341f), round);
  const Vec n = shifted - round;
  Vec r = fma(n, vec16::broadcast(-0.693359375f), x);
  r = fma(n, vec16::broadcast(2.12194440e-4f), r);
  Vec p = fma(r, vec16::broadcast(1.9875691500e-4f), vec16::broadcast(1.3981999507e-3f));
  p = fma(p, r, vec16::broadcast(8.3334519073e-3f));
  p = fma(p, r, vec16::broadcast(4.1665795894e-2f));
  p = fma(p, r, vec16::broadcast(1.6666665459e-1f));
  p = fma(p, r, vec16::broadcast(5.0000001201e-1f));
  p = fma(p, r * r, r + 1.0f);
  const vec16::IntVec exponent =
      std::bit_cast<vec16::IntVec>(shifted) - std::bit_cast<vec16::IntVec>(round);
  return p * std::bit_cast<Vec>((exponent + 127) << 23);
}

inline Vec sigmoid(Vec x) { return vec16::reciprocal(1.0f + exp(-x)); }

// tanh as an odd rational minimax p(x)/q(x) of degrees 13/6 (Eigen's), clamped where tanh rounds
// to ±1 in float32. Odd in x, so small arguments keep full relative accuracy.
inline Vec tanh(Vec x) {
  using vec16::broadcast;
  using vec16::fma;
  const Vec c = vec16::clamp(x, -7.90531110763549805f, 7.90531110763549805f);
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
  return c * p * vec16::reciprocal(q);
}

}  // namespace flujo::ops::gate_math
