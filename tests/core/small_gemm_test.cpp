// ops::small_gemm (the recurrent kernels' per-step product, at the active kernel level) against a
// plain loop, for column counts on, below and between the vectors of every level (16, 8, 4
// floats; the partial last vector) and its column blocks (64 and 24 columns), row counts around
// the six- and four-row tiles, long K and K = 0, transposed A, both accumulate modes; columns
// past N must stay untouched and a row's result must not depend on which other rows share the
// call.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/ops/small_gemm.hpp"
#include "flujo/core/random.hpp"

namespace flujo {
namespace {

// A float sum of K products is within about K unit roundoffs of the sum of their magnitudes.
constexpr double kUnitRoundoff = 0x1p-24;
constexpr float kUntouched = -777.0f;

struct Problem {
  int64_t m, n, k;
  bool transposed_a, accumulate;
};

std::vector<float> random_values(int64_t count, Rng& rng) {
  std::vector<float> v(static_cast<size_t>(count));
  for (float& x : v) x = static_cast<float>(rng.uniform(-1.0, 1.0));
  return v;
}

class SmallGemmTest : public ::testing::TestWithParam<Problem> {};

TEST_P(SmallGemmTest, MatchesPlainLoop) {
  const Problem p = GetParam();
  Rng rng(static_cast<uint64_t>(p.m * 1000 + p.n * 10 + p.k));
  const int64_t ldb = p.n + 3, ldc = p.n + 5;  // padded rows: the padding must stay untouched
  const std::vector<float> a = random_values(p.m * p.k, rng), b = random_values(p.k * ldb, rng);
  std::vector<float> c = random_values(p.m * ldc, rng);
  for (int64_t i = 0; i < p.m; ++i)
    for (int64_t j = p.n; j < ldc; ++j) c[i * ldc + j] = kUntouched;
  const std::vector<float> c_before = c;
  // A (M, K) stored row-major, or as its transpose (K, M).
  const int64_t a_row = p.transposed_a ? 1 : p.k, a_col = p.transposed_a ? p.m : 1;
  ops::SmallGemm g{.m = p.m, .n = p.n, .k = p.k, .a = a.data(), .a_row = a_row, .a_col = a_col,
                   .b = b.data(), .ldb = ldb, .c = c.data(), .ldc = ldc,
                   .accumulate = p.accumulate};
  ops::small_gemm(g);
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      double expected = p.accumulate ? c_before[i * ldc + j] : 0.0;
      double magnitude = std::abs(expected);
      for (int64_t k = 0; k < p.k; ++k) {
        const double product = static_cast<double>(a[i * a_row + k * a_col]) * b[k * ldb + j];
        expected += product;
        magnitude += std::abs(product);
      }
      ASSERT_NEAR(c[i * ldc + j], expected, (p.k + 1) * kUnitRoundoff * magnitude)
          << "row " << i << " column " << j;
    }
    for (int64_t j = p.n; j < ldc; ++j) ASSERT_EQ(c[i * ldc + j], kUntouched) << "column " << j;
  }
  // Row by row: the same bits as all rows at once.
  std::vector<float> by_row = c_before;
  for (int64_t i = 0; i < p.m; ++i) {
    ops::SmallGemm one = g;
    one.m = 1;
    one.a = a.data() + i * a_row;
    one.c = by_row.data() + i * ldc;
    ops::small_gemm(one);
  }
  for (int64_t i = 0; i < p.m * ldc; ++i) ASSERT_EQ(by_row[i], c[i]) << "element " << i;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SmallGemmTest,
    ::testing::Values(Problem{7, 1, 40, false, false}, Problem{13, 5, 3, false, true},
                      Problem{6, 16, 17, true, false}, Problem{5, 17, 64, false, true},
                      Problem{11, 40, 160, false, true}, Problem{1, 40, 1, true, false},
                      Problem{8, 63, 20, true, true}, Problem{3, 64, 9, false, false},
                      Problem{12, 100, 33, false, true}, Problem{2, 160, 40, true, false},
                      Problem{9, 64, 250, false, true}, Problem{7, 130, 400, true, false},
                      Problem{4, 20, 0, false, false}));

}  // namespace
}  // namespace flujo
