#pragma once
// Sixteen floats as one value for the fused kernels (small_gemm, the recurrent gate passes): one
// AVX-512 register, or GCC's split of it into narrower ones elsewhere. Plain + - * / and
// comparisons work on Vec directly (GCC vector extensions; a scalar operand is broadcast); this
// header adds loads, stores and the few operations that need an instruction of their own. A
// row's last, partial vector goes through load_first / store_first, so that every element of a
// row takes the same vector operations whatever the row's length.
#include <cstdint>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace flujo::ops::vec16 {

using Vec = float __attribute__((vector_size(64)));
using IntVec = int32_t __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

// The first `lanes` (1 .. 16) floats; the other lanes read as zero / are left untouched.
inline Vec load_first(const float* p, int64_t lanes) {
#if defined(__AVX512F__)
  return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << lanes) - 1), p);
#else
  Vec v{};
  for (int64_t l = 0; l < lanes; ++l) v[l] = p[l];
  return v;
#endif
}
inline void store_first(float* p, Vec v, int64_t lanes) {
#if defined(__AVX512F__)
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << lanes) - 1), v);
#else
  for (int64_t l = 0; l < lanes; ++l) p[l] = v[l];
#endif
}

inline Vec broadcast(float x) {
#if defined(__AVX512F__)
  return _mm512_set1_ps(x);
#else
  return x - Vec{};  // x - 0 is x for every x, -0 included, so this folds to a plain broadcast
#endif
}

// a·b + c rounded once where the machine has FMA (ISO C++ mode does not contract a*b+c).
inline Vec fma(Vec a, Vec b, Vec c) {
#if defined(__AVX512F__)
  return _mm512_fmadd_ps(a, b, c);
#else
  return a * b + c;
#endif
}

// 1/x within 2 ulp: the 14-bit hardware estimate refined by one Newton step, r + r·(1 − x·r).
// A division of sixteen floats costs ~10 cycles of throughput; this, an estimate and two FMAs
// (the gate passes take five reciprocals per unit). Without AVX-512, a division.
inline Vec reciprocal(Vec x) {
#if defined(__AVX512F__)
  const Vec r = _mm512_maskz_rcp14_ps(0xFFFF, x);  // maskz: GCC 12 warns on the unmasked form
  return fma(r, _mm512_fnmadd_ps(x, r, broadcast(1.0f)), r);
#else
  return 1.0f / x;
#endif
}

// The sixteen lanes added in a fixed tree (halves, then quarters, ...): the same bits for the same
// vector on any machine path.
inline float sum(Vec v) {
  float lanes[kLanes];
  std::memcpy(lanes, &v, sizeof v);
  for (int64_t width = kLanes / 2; width >= 1; width /= 2)
    for (int64_t l = 0; l < width; ++l) lanes[l] += lanes[l + width];
  return lanes[0];
}

// Σ a[i]·b[i] for i < n: lane l sums the products with i ≡ l (mod 16) in order, then sum() adds
// the lanes; a row's result depends on nothing but its own values.
inline float dot(const float* a, const float* b, int64_t n) {
  Vec acc{};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) acc = fma(load(a + i), load(b + i), acc);
  if (i < n) acc = fma(load_first(a + i, n - i), load_first(b + i, n - i), acc);
  return sum(acc);
}

// Elementwise low ≤ x ≤ high; NaN stays NaN.
inline Vec clamp(Vec x, float low, float high) {
  const Vec lo = broadcast(low), hi = broadcast(high);
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

}  // namespace flujo::ops::vec16
