#include "core/ops/column_sums.hpp"

#include <algorithm>

#include "core/ops/vec16.hpp"
#include "flujo/core/error.hpp"

namespace flujo::ops {
namespace {

using vec16::Vec;

// NV vectors of columns from j0 (the last one `lanes` wide) and F weighted features, summed over
// all rows with one accumulator per vector and feature: NV·(1 + F) independent chains per row.
template <int NV, int F>
void chunk(const ColumnSums& c, int64_t j0, int64_t lanes) {
  auto load = [&](const float* p, int v) {
    return v == NV - 1 && lanes < vec16::kLanes ? vec16::load_first(p, lanes) : vec16::load(p);
  };
  Vec sums[NV] = {};
  Vec weighted[F > 0 ? F : 1][NV] = {};
  for (int64_t r = 0; r < c.count; ++r) {
    const float* row = c.rows + r * c.width + j0;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      const Vec a = load(row + v * vec16::kLanes, v);
      sums[v] += a;
#pragma GCC unroll 4
      for (int f = 0; f < F; ++f)
        weighted[f][v] = vec16::fma(a, vec16::broadcast(c.x[r * F + f]), weighted[f][v]);
    }
  }
  for (int v = 0; v < NV; ++v) {
    const int64_t width = v == NV - 1 ? lanes : vec16::kLanes;
    for (int64_t l = 0; l < width; ++l) {
      const int64_t j = j0 + v * vec16::kLanes + l;
      if (c.sum) c.sum[j] += sums[v][l];
      if (c.sum_again) c.sum_again[j] += sums[v][l];
      for (int f = 0; f < F; ++f) c.weighted[j * F + f] += weighted[f][v][l];
    }
  }
}

template <int F>
void columns(const ColumnSums& c, int64_t begin, int64_t end) {
  constexpr int64_t kWide = 4 * vec16::kLanes;
  int64_t j = begin;
  for (; j + kWide <= end; j += kWide) chunk<4, F>(c, j, vec16::kLanes);
  for (; j < end; j += vec16::kLanes) chunk<1, F>(c, j, std::min(vec16::kLanes, end - j));
}

}  // namespace

void column_sums(const ColumnSums& c, int64_t begin, int64_t end) {
  const int64_t features = c.weighted ? c.features : 0;
  require(features <= kMaxWeightedFeatures && (features == 0 || c.x),
          "column_sums: at most 4 weighted features, with x");
  switch (features) {
    case 0: columns<0>(c, begin, end); break;
    case 1: columns<1>(c, begin, end); break;
    case 2: columns<2>(c, begin, end); break;
    case 3: columns<3>(c, begin, end); break;
    default: columns<4>(c, begin, end); break;
  }
}

}  // namespace flujo::ops
