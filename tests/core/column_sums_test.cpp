// ops::column_sums against a plain double-precision loop, for every number of weighted features
// and widths that leave partial vectors; and the same bits whether the columns are summed in one
// range or split between workers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/ops/column_sums.hpp"
#include "flujo/core/error.hpp"
#include "support/gradcheck.hpp"

namespace flujo::ops {
namespace {
using testing::random_tensor;

struct Outputs {
  std::vector<float> sum, sum_again, weighted;
};

Outputs run(const Tensor& rows, const Tensor& x, int64_t features,
            const std::vector<std::pair<int64_t, int64_t>>& ranges) {
  const int64_t count = rows.shape()[0], width = rows.shape()[1];
  // Outputs start non-zero: column_sums adds into them.
  Outputs out{std::vector<float>(width, 0.5f), std::vector<float>(width, -0.25f),
              std::vector<float>(width * features, 1.0f)};
  const ColumnSums c{.rows = rows.data(), .count = count, .width = width, .sum = out.sum.data(),
                     .sum_again = out.sum_again.data(), .x = x.data(), .features = features,
                     .weighted = features > 0 ? out.weighted.data() : nullptr};
  for (const auto& [begin, end] : ranges) column_sums(c, begin, end);
  return out;
}

// Sums of 300 float32 terms of size ≤ 1, rounded in another order than the double reference:
// at most ~300 · 6e-8 relative to the largest partial sum (~20); 1e-4 absolute covers that.
constexpr double kSumTolerance = 1e-4;

TEST(ColumnSums, MatchPlainSumsForEveryFeatureCount) {
  constexpr int64_t kCount = 300;
  for (int64_t width : {16, 40, 64, 100, 256}) {
    for (int64_t features = 0; features <= kMaxWeightedFeatures; ++features) {
      SCOPED_TRACE("width " + std::to_string(width) + ", features " + std::to_string(features));
      const Tensor rows = random_tensor({kCount, width}, 5);
      const Tensor x = random_tensor({kCount, std::max<int64_t>(features, 1)}, 6);
      const Outputs got = run(rows, x, features, {{0, width}});
      for (int64_t j = 0; j < width; ++j) {
        double sum = 0.0;
        for (int64_t r = 0; r < kCount; ++r) sum += rows[r * width + j];
        EXPECT_NEAR(got.sum[j], 0.5 + sum, kSumTolerance) << "column " << j;
        EXPECT_NEAR(got.sum_again[j], -0.25 + sum, kSumTolerance) << "column " << j;
        for (int64_t f = 0; f < features; ++f) {
          double weighted = 1.0;
          for (int64_t r = 0; r < kCount; ++r)
            weighted += static_cast<double>(rows[r * width + j]) * x[r * features + f];
          EXPECT_NEAR(got.weighted[j * features + f], weighted, kSumTolerance)
              << "column " << j << ", feature " << f;
        }
      }
    }
  }
}

TEST(ColumnSums, SplitColumnsGiveTheSameBits) {
  const Tensor rows = random_tensor({77, 256}, 8);
  const Tensor x = random_tensor({77, 1}, 9);
  const Outputs whole = run(rows, x, 1, {{0, 256}});
  const Outputs split = run(rows, x, 1, {{0, 128}, {128, 256}});
  const Outputs uneven = run(rows, x, 1, {{0, 48}, {48, 240}, {240, 256}});
  for (const Outputs* other : {&split, &uneven}) {
    EXPECT_EQ(std::memcmp(other->sum.data(), whole.sum.data(), 256 * sizeof(float)), 0);
    EXPECT_EQ(std::memcmp(other->sum_again.data(), whole.sum_again.data(), 256 * sizeof(float)),
              0);
    EXPECT_EQ(std::memcmp(other->weighted.data(), whole.weighted.data(), 256 * sizeof(float)), 0);
  }
}

TEST(ColumnSums, RejectsTooManyWeightedFeatures) {
  const Tensor rows = random_tensor({4, 16}, 1), x = random_tensor({4, 5}, 2);
  std::vector<float> weighted(16 * 5);
  const ColumnSums c{.rows = rows.data(), .count = 4, .width = 16, .x = x.data(), .features = 5,
                     .weighted = weighted.data()};
  EXPECT_THROW(column_sums(c, 0, 16), Error);
}

}  // namespace
}  // namespace flujo::ops
