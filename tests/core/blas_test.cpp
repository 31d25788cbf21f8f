// blas::gemm, whose large products flujo splits across its workers: every transpose combination,
// split by rows and by columns, for 1, 2 and 3 threads, against a plain double-precision loop;
// and the same bits from run to run at a given thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "flujo/core/blas.hpp"
#include "support/gradcheck.hpp"
#include "support/threads_scope.hpp"

namespace flujo {
namespace {
using testing::random_tensor;
using testing::ThreadsScope;

struct Product {
  int64_t m, n, k;
  bool transpose_a, transpose_b;
};

// C = op(A)·op(B) + C0 through blas::gemm with beta 1 (C0 = 0.5 everywhere).
std::vector<float> multiply(const Product& p, const Tensor& a, const Tensor& b) {
  std::vector<float> c(p.m * p.n, 0.5f);
  blas::gemm(p.transpose_a, p.transpose_b, p.m, p.n, p.k, 1.0f, a.data(),
             p.transpose_a ? p.m : p.k, b.data(), p.transpose_b ? p.k : p.n, 1.0f, c.data(), p.n);
  return c;
}

// Products of 200 terms of size ≤ 1 in float32: each rounding is ≤ 6e-8 of a partial sum of at
// most ~200, so |error| ≤ 200 · 6e-8 · 200 in the worst case; 2e-3 allows that with margin, and
// any missing or wrong part of a split (terms of size ~1) shows up far above it.
constexpr double kProductTolerance = 2e-3;

TEST(Blas, SplitProductsMatchPlainSums) {
  // 300 × 70 × 200 splits by rows, 40 × 600 × 200 by columns (both above the split threshold).
  const Product products[] = {{300, 70, 200, false, false}, {300, 70, 200, true, true},
                              {40, 600, 200, false, true}, {40, 600, 200, true, false}};
  for (const Product& p : products) {
    const Tensor a = random_tensor({p.m * p.k}, 1), b = random_tensor({p.k * p.n}, 2);
    for (int threads : {1, 2, 3}) {
      SCOPED_TRACE(std::to_string(p.m) + "x" + std::to_string(p.n) + (p.transpose_a ? " Aᵀ" : "") +
                   (p.transpose_b ? " Bᵀ" : "") + ", threads " + std::to_string(threads));
      const ThreadsScope scope(threads);
      const std::vector<float> c = multiply(p, a, b);
      for (int64_t i = 0; i < p.m; ++i) {
        for (int64_t j = 0; j < p.n; ++j) {
          double expected = 0.5;
          for (int64_t l = 0; l < p.k; ++l) {
            const float av = p.transpose_a ? a[l * p.m + i] : a[i * p.k + l];
            const float bv = p.transpose_b ? b[j * p.k + l] : b[l * p.n + j];
            expected += static_cast<double>(av) * bv;
          }
          ASSERT_NEAR(c[i * p.n + j], expected, kProductTolerance) << "element " << i << ", " << j;
        }
      }
    }
  }
}

TEST(Blas, AThreadCountRepeatsBitForBit) {
  const Product p{300, 70, 200, true, false};
  const Tensor a = random_tensor({p.m * p.k}, 3), b = random_tensor({p.k * p.n}, 4);
  const ThreadsScope scope(2);
  const std::vector<float> first = multiply(p, a, b), second = multiply(p, a, b);
  EXPECT_EQ(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace flujo
