// Compiled once per kernel level (Highway's foreach_target re-includes this file).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/ops/column_sums.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <algorithm>

#include "core/ops/column_sums.hpp"
#include "core/ops/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace flujo::ops::HWY_NAMESPACE {
namespace {

// NV vectors of columns from j0 (the last one `lanes` wide) and F weighted features, summed over
// all rows with one accumulator per vector and feature: NV·(1 + F) independent chains per row.
template <int NV, int F>
void chunk(const ColumnSums& c, int64_t j0, int64_t lanes) {
  const Floats d;
  auto load = [&](const float* p, int v) {
    return v == NV - 1 && lanes < kLanes ? load_first(p, lanes) : hn::LoadU(d, p);
  };
  Vec sums[NV];
  Vec weighted[F > 0 ? F : 1][NV];
  for (int v = 0; v < NV; ++v) {
    sums[v] = hn::Zero(d);
    for (int f = 0; f < (F > 0 ? F : 1); ++f) weighted[f][v] = hn::Zero(d);
  }
  for (int64_t r = 0; r < c.count; ++r) {
    const float* row = c.rows + r * c.width + j0;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const Vec a = load(row + v * kLanes, v);
      sums[v] = sums[v] + a;
#pragma GCC unroll 4
      for (int f = 0; f < F; ++f)
        weighted[f][v] = fma(a, broadcast(c.x[r * F + f]), weighted[f][v]);
    }
  }
  for (int v = 0; v < NV; ++v) {
    const int64_t width = v == NV - 1 ? lanes : kLanes;
    float sum_lanes[kLanes], weighted_lanes[F > 0 ? F : 1][kLanes];
    hn::StoreU(sums[v], d, sum_lanes);
    for (int f = 0; f < F; ++f) hn::StoreU(weighted[f][v], d, weighted_lanes[f]);
    for (int64_t l = 0; l < width; ++l) {
      const int64_t j = j0 + v * kLanes + l;
      if (c.sum) c.sum[j] += sum_lanes[l];
      if (c.sum_again) c.sum_again[j] += sum_lanes[l];
      for (int f = 0; f < F; ++f) c.weighted[j * F + f] += weighted_lanes[f][l];
    }
  }
}

// Vectors per chunk: 4 · (1 + F) accumulators fit AVX-512's 32 registers, 2 · (1 + F) the 16
// of the other levels.
constexpr int kChunkVectors = kRegisters >= 32 ? 4 : 2;

template <int F>
void columns(const ColumnSums& c, int64_t begin, int64_t end) {
  constexpr int64_t kWide = kChunkVectors * kLanes;
  int64_t j = begin;
  for (; j + kWide <= end; j += kWide) chunk<kChunkVectors, F>(c, j, kLanes);
  for (; j < end; j += kLanes) chunk<1, F>(c, j, std::min(kLanes, end - j));
}

}  // namespace

void ColumnSumsKernel(const ColumnSums& c, int64_t begin, int64_t end) {
  switch (c.weighted ? c.features : 0) {
    case 0: columns<0>(c, begin, end); break;
    case 1: columns<1>(c, begin, end); break;
    case 2: columns<2>(c, begin, end); break;
    case 3: columns<3>(c, begin, end); break;
    default: columns<4>(c, begin, end); break;
  }
}

}  // namespace flujo::ops::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "core/ops/dispatch.hpp"
#include "flujo/core/error.hpp"

namespace flujo::ops {
HWY_EXPORT(ColumnSumsKernel);
void column_sums(const ColumnSums& c, int64_t begin, int64_t end) {
  const int64_t features = c.weighted ? c.features : 0;
  require(features <= kMaxWeightedFeatures && (features == 0 || c.x),
          "column_sums: at most 4 weighted features, with x");
  FLUJO_DISPATCH(ColumnSumsKernel)(c, begin, end);
}
}  // namespace flujo::ops
#endif
