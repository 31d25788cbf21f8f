#include "core/ops/small_gemm.hpp"

#include <algorithm>

#include "core/ops/vec16.hpp"

namespace flujo::ops {
namespace {

using vec16::broadcast;
using vec16::fma;
using vec16::kLanes;
using vec16::load;
using vec16::load_first;
using vec16::store;
using vec16::store_first;
using vec16::Vec;

// One MR × (NV·16) block of C held in registers over the whole K loop. With kPartial the last
// of the NV vectors holds only `lanes` columns.
template <int MR, int NV, bool kPartial>
void tile(const SmallGemm& g, int64_t i0, int64_t j0, int lanes) {
  auto load_vec = [&](const float* p, int v) {
    return kPartial && v == NV - 1 ? load_first(p, lanes) : load(p);
  };
  Vec acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      acc[i][v] = g.accumulate ? load_vec(g.c + (i0 + i) * g.ldc + j0 + v * kLanes, v) : Vec{};
  const float* a = g.a + i0 * g.a_row;
  const float* b = g.b + j0;
  for (int64_t k = 0; k < g.k; ++k) {
    Vec bk[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bk[v] = load_vec(b + k * g.ldb + v * kLanes, v);
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
    for (int v = 0; v < NV; ++v) {
      float* c = g.c + (i0 + i) * g.ldc + j0 + v * kLanes;
      if (kPartial && v == NV - 1) {
        store_first(c, acc[i][v], lanes);
      } else {
        store(c, acc[i][v]);
      }
    }
}

// All rows of one column block: blocks of six rows (24 accumulators, 4 + 6 loads per 24 FMAs),
// then the remaining one to five. A remainder of one or two takes the last six rows along as
// 4 + 3 or 4 + 4: a tile of one or two rows costs about twice as much per row.
template <int NV, bool kPartial = false>
void column_block(const SmallGemm& g, int64_t j0, int lanes = kLanes) {
  const int64_t remainder = g.m % 6;
  const bool regroup = (remainder == 1 || remainder == 2) && g.m > 6;
  const int64_t six_row_end = g.m - remainder - (regroup ? 6 : 0);
  int64_t i = 0;
  for (; i < six_row_end; i += 6) tile<6, NV, kPartial>(g, i, j0, lanes);
  if (g.m - i >= 7) {
    tile<4, NV, kPartial>(g, i, j0, lanes);
    i += 4;
  }
  switch (g.m - i) {
    case 5: tile<5, NV, kPartial>(g, i, j0, lanes); break;
    case 4: tile<4, NV, kPartial>(g, i, j0, lanes); break;
    case 3: tile<3, NV, kPartial>(g, i, j0, lanes); break;
    case 2: tile<2, NV, kPartial>(g, i, j0, lanes); break;
    case 1: tile<1, NV, kPartial>(g, i, j0, lanes); break;
    default: break;
  }
}

// The last 1 .. 63 columns as one block of NV vectors, the last one partial unless they fill it.
void last_columns(const SmallGemm& g, int64_t j0) {
  const int64_t columns = g.n - j0;
  const int lanes = static_cast<int>(columns % kLanes);
  const int64_t vectors = (columns + kLanes - 1) / kLanes;
  if (lanes == 0) {
    switch (vectors) {
      case 3: column_block<3>(g, j0); break;
      case 2: column_block<2>(g, j0); break;
      default: column_block<1>(g, j0); break;
    }
    return;
  }
  switch (vectors) {
    case 4: column_block<4, true>(g, j0, lanes); break;
    case 3: column_block<3, true>(g, j0, lanes); break;
    case 2: column_block<2, true>(g, j0, lanes); break;
    default: column_block<1, true>(g, j0, lanes); break;
  }
}

}  // namespace

// Rows of B per pass: a 64-column slice of 128 rows is 32 KiB and stays in a 48 KiB L1 while
// every row tile reads it. Longer K (the backward's dh = dgates · W_hh has K = G·H) runs in
// passes that carry C between them; a float round-trips through memory exactly, so each element
// still sums its products in order 0 .. K-1 with the same roundings.
constexpr int64_t kRowsOfBPerPass = 128;

void small_gemm(const SmallGemm& g) {
  if (g.m <= 0 || g.n <= 0) return;
  // Column blocks outside, rows inside: one block's slice of B stays in L1 for all rows.
  for (int64_t j = 0; j < g.n; j += 4 * kLanes) {
    int64_t k0 = 0;
    do {  // at least one pass: with K = 0 it writes the zeros of an empty sum
      SmallGemm pass = g;
      pass.k = std::min(kRowsOfBPerPass, g.k - k0);
      pass.a = g.a + k0 * g.a_col;
      pass.b = g.b + k0 * g.ldb;
      pass.accumulate = g.accumulate || k0 > 0;
      if (j + 4 * kLanes <= g.n) {
        column_block<4>(pass, j);
      } else {
        last_columns(pass, j);
      }
      k0 += kRowsOfBPerPass;
    } while (k0 < g.k);
  }
}

}  // namespace flujo::ops
