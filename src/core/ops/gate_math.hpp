#pragma once
// Gate non-linearities for the fused recurrent kernels, written so that the compiler vectorises
// the loops that call them (the library's std::exp / std::tanh are scalar calls). Both stay
// within 3e-7 relative error of the exact functions on the range that matters (checked in
// tests/core/recurrent_test.cpp). Branch-free, so the vectorised body and the scalar remainder
// of a loop evaluate the same operations.
#include <bit>
#include <cstdint>

namespace flujo::ops::gate_math {

inline float clamp(float x, float low, float high) { return x < low ? low : (x > high ? high : x); }

// exp by range reduction x = n·ln2 + r and a degree-6 polynomial in r (Cephes' expf). Adding
// 1.5·2^23 rounds x·log2(e) to the nearest integer and leaves it in the low mantissa bits.
inline float exp(float x) {
  constexpr float kRound = 12582912.0f;
  x = clamp(x, -87.0f, 88.0f);
  const float shifted = x * 1.44269504088896341f + kRound;
  const float n = shifted - kRound;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t exponent = std::bit_cast<int32_t>(shifted) - std::bit_cast<int32_t>(kRound);
  return p * std::bit_cast<float>((exponent + 127) << 23);
}

inline float sigmoid(float x) { return 1.0f / (1.0f + exp(-x)); }

// tanh as an odd rational minimax p(x)/q(x) of degrees 13/6 (Eigen's), clamped where tanh rounds
// to ±1 in float32. Odd in x, so small arguments keep full relative accuracy.
inline float tanh(float x) {
  const float c = clamp(x, -7.90531110763549805f, 7.90531110763549805f);
  const float c2 = c * c;
  float p = -2.76076847742355e-16f;
  p = p * c2 + 2.00018790482477e-13f;
  p = p * c2 + -8.60467152213735e-11f;
  p = p * c2 + 5.12229709037114e-08f;
  p = p * c2 + 1.48572235717979e-05f;
  p = p * c2 + 6.37261928875436e-04f;
  p = p * c2 + 4.89352455891786e-03f;
  float q = 1.19825839466702e-06f;
  q = q * c2 + 1.18534705686654e-04f;
  q = q * c2 + 2.26843463243900e-03f;
  q = q * c2 + 4.89352518554385e-03f;
  return c * p / q;
}

}  // namespace flujo::ops::gate_math
