// Compiled once per kernel level (Highway's foreach_target re-includes this file).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/ops/small_gemm.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <algorithm>

#include "core/ops/simd-inl.h"
#include "core/ops/small_gemm.hpp"

HWY_BEFORE_NAMESPACE();
namespace flujo::ops::HWY_NAMESPACE {
namespace {

// Rows of a register tile, and its width in vectors. AVX-512: 6 × 4 (24 of 32 registers
// accumulate; 4 loads of B and 6 broadcasts of A per 24 FMAs). With 16 registers: 4 × 3
// (12 accumulators, 3 loads, 4 broadcasts, the 16th register for the broadcast). A broadcast
// competes with the FMAs for issue: on a Zen 2 EPYC the 6 × 2 tile (6 broadcasts per 12 FMAs)
// took an LSTM-64 epoch 1.4× as long (best of 5 alternating runs, flujo_bench_case train
// --cell lstm --hidden 64 --windows 3000 --threads 1: 0.757 s against 0.529 s; 3 × 4, 0.537 s).
constexpr int kTileRows = kRegisters >= 32 ? 6 : 4;
constexpr int kTileVectors = kRegisters >= 32 ? 4 : 3;
constexpr int64_t kBlockColumns = kTileVectors * kLanes;

// One MR × (NV·kLanes) block of C held in registers over the whole K loop. With kPartial the
// last of the NV vectors holds only `lanes` columns.
template <int MR, int NV, bool kPartial>
void tile(const SmallGemm& g, int64_t i0, int64_t j0, int64_t lanes) {
  const Floats d;
  auto load_vec = [&](const float* p, int v) {
    return kPartial && v == NV - 1 ? load_first(p, lanes) : hn::LoadU(d, p);
  };
  Vec acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      acc[i][v] = g.accumulate ? load_vec(g.c + (i0 + i) * g.ldc + j0 + v * kLanes, v)
                               : hn::Zero(d);
  // Operand pointers are formed inside the K loop: with K = 0, A and B may be null.
  for (int64_t k = 0; k < g.k; ++k) {
    const float* b = g.b + k * g.ldb + j0;
    Vec bk[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bk[v] = load_vec(b + v * kLanes, v);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      const Vec ai = broadcast(g.a[(i0 + i) * g.a_row + k * g.a_col]);
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
        hn::StoreU(acc[i][v], d, c);
      }
    }
}

// All rows of one column block. Four-row tiles: as many as fit, then one of the one to three
// rows left. Six-row tiles: then the remaining one to five, and a remainder of one or two takes
// the last six rows along as 4 + 3 or 4 + 4: a tile of one or two rows costs about twice as
// much per row.
template <int NV, bool kPartial = false>
void column_block(const SmallGemm& g, int64_t j0, int64_t lanes = kLanes) {
  if constexpr (kTileRows != 6) {
    int64_t i = 0;
    for (; i + kTileRows <= g.m; i += kTileRows) tile<kTileRows, NV, kPartial>(g, i, j0, lanes);
    switch (g.m - i) {
      case 3: tile<3, NV, kPartial>(g, i, j0, lanes); break;
      case 2: tile<2, NV, kPartial>(g, i, j0, lanes); break;
      case 1: tile<1, NV, kPartial>(g, i, j0, lanes); break;
      default: break;
    }
    return;
  }
  const int64_t remainder = g.m % kTileRows;
  const bool regroup = (remainder == 1 || remainder == 2) && g.m > kTileRows;
  const int64_t six_row_end = g.m - remainder - (regroup ? kTileRows : 0);
  int64_t i = 0;
  for (; i < six_row_end; i += kTileRows) tile<kTileRows, NV, kPartial>(g, i, j0, lanes);
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

// The last columns, fewer than a block: `vectors` vectors (1 .. kTileVectors), the last one
// partial unless they fill it.
template <bool kPartial>
void last_columns(const SmallGemm& g, int64_t j0, int64_t vectors, int64_t lanes) {
  if constexpr (kTileVectors >= 4) {
    if (vectors == 4) return column_block<4, kPartial>(g, j0, lanes);
  }
  if constexpr (kTileVectors >= 3) {
    if (vectors == 3) return column_block<3, kPartial>(g, j0, lanes);
  }
  if (vectors == 2) return column_block<2, kPartial>(g, j0, lanes);
  column_block<1, kPartial>(g, j0, lanes);
}

// Rows of B per pass: a 64-column slice of 128 rows is 32 KiB and stays in L1 while every row
// tile reads it. Longer K (the backward's dh = dgates · W_hh has K = G·H) runs in passes that
// carry C between them; a float round-trips through memory exactly, so each element still sums
// its products in order 0 .. K-1 with the same roundings.
constexpr int64_t kRowsOfBPerPass = 128;

}  // namespace

void SmallGemmKernel(const SmallGemm& g) {
  if (g.m <= 0 || g.n <= 0) return;
  // Column blocks outside, rows inside: one block's slice of B stays in L1 for all rows.
  for (int64_t j = 0; j < g.n; j += kBlockColumns) {
    int64_t k0 = 0;
    do {  // at least one pass: with K = 0 it writes the zeros of an empty sum
      SmallGemm pass = g;
      pass.k = std::min(kRowsOfBPerPass, g.k - k0);
      pass.a = g.a + k0 * g.a_col;
      pass.b = g.b + k0 * g.ldb;
      pass.accumulate = g.accumulate || k0 > 0;
      const int64_t columns = std::min(kBlockColumns, g.n - j);
      const int64_t lanes = columns % kLanes;
      if (columns == kBlockColumns) {
        column_block<kTileVectors>(pass, j);
      } else if (lanes == 0) {
        last_columns<false>(pass, j, columns / kLanes, kLanes);
      } else {
        last_columns<true>(pass, j, columns / kLanes + 1, lanes);
      }
      k0 += kRowsOfBPerPass;
    } while (k0 < g.k);
  }
}

}  // namespace flujo::ops::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "core/ops/dispatch.hpp"

namespace flujo::ops {
HWY_EXPORT(SmallGemmKernel);
void small_gemm(const SmallGemm& g) { FLUJO_DISPATCH(SmallGemmKernel)(g); }
}  // namespace flujo::ops
#endif
