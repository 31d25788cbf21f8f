#include "core/ops/small_gemm.hpp"

#include <cmath>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace flujo::ops {
namespace {

// Sixteen floats: one AVX-512 register, or a pair or quad of narrower ones elsewhere.
using Vec = float __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

Vec broadcast(float x) {
#if defined(__AVX512F__)
  return _mm512_set1_ps(x);
#else
  return x - Vec{};  // x - 0 is x for every x, -0 included, so this folds to a plain broadcast
#endif
}

// a·b + c rounded once where the machine has FMA (ISO C++ mode does not contract a*b+c).
Vec fma(Vec a, Vec b, Vec c) {
#if defined(__AVX512F__)
  return _mm512_fmadd_ps(a, b, c);
#else
  return a * b + c;
#endif
}

// One MR × (NV·16) block of C held in registers over the whole K loop.
template <int MR, int NV>
void tile(const SmallGemm& g, int64_t i0, int64_t j0) {
  Vec acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      acc[i][v] = g.accumulate ? load(g.c + (i0 + i) * g.ldc + j0 + v * kLanes) : Vec{};
  const float* a = g.a + i0 * g.a_row;
  const float* b = g.b + j0;
  for (int64_t k = 0; k < g.k; ++k) {
    Vec bk[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bk[v] = load(b + k * g.ldb + v * kLanes);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const Vec ai = broadcast(a[i * g.a_row + k * g.a_col]);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = fma(ai, bk[v], acc[i][v]);
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) store(g.c + (i0 + i) * g.ldc + j0 + v * kLanes, acc[i][v]);
}

// All rows of one column block: blocks of six rows (24 accumulators, 4 + 6 loads per 24 FMAs),
// then the remaining one to five.
template <int NV>
void column_block(const SmallGemm& g, int64_t j0) {
  int64_t i = 0;
  for (; i + 6 <= g.m; i += 6) tile<6, NV>(g, i, j0);
  switch (g.m - i) {
    case 5: tile<5, NV>(g, i, j0); break;
    case 4: tile<4, NV>(g, i, j0); break;
    case 3: tile<3, NV>(g, i, j0); break;
    case 2: tile<2, NV>(g, i, j0); break;
    case 1: tile<1, NV>(g, i, j0); break;
    default: break;
  }
}

// Columns past the last multiple of 16, one scalar sum each.
void scalar_columns(const SmallGemm& g, int64_t j0) {
  for (int64_t i = 0; i < g.m; ++i) {
    const float* a = g.a + i * g.a_row;
    for (int64_t j = j0; j < g.n; ++j) {
      float* c = g.c + i * g.ldc + j;
      float sum = g.accumulate ? *c : 0.0f;
      for (int64_t k = 0; k < g.k; ++k) sum = std::fma(a[k * g.a_col], g.b[k * g.ldb + j], sum);
      *c = sum;
    }
  }
}

}  // namespace

void small_gemm(const SmallGemm& g) {
  if (g.m <= 0 || g.n <= 0) return;
  // Column blocks outside, rows inside: one block's K × 64 slice of B stays in L1 for all rows.
  int64_t j = 0;
  for (; j + 4 * kLanes <= g.n; j += 4 * kLanes) column_block<4>(g, j);
  for (; j + kLanes <= g.n; j += kLanes) column_block<1>(g, j);
  if (j < g.n) scalar_columns(g, j);
}

}  // namespace flujo::ops
