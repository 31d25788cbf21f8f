#pragma once
// A register-blocked single-precision product for the fused recurrent kernels' per-step work
// (tens of rows, a few hundred columns), where OpenBLAS spends more time packing and dispatching
// than multiplying, and which each worker of flujo/core/parallel.hpp calls on its own rows:
//   C (M, N) = [C +] A (M, K) · B (K, N).
// A is read one element at a time through two strides, so a transposed or strided operand needs
// no copy; B and C are row-major with row strides ldb and ldc. Each element of C sums its K
// products in order 0 .. K-1 whatever M and N are, so a row's result does not depend on how the
// rows are split between workers.
#include <cstdint>

namespace flujo::ops {

struct SmallGemm {
  int64_t m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int64_t a_row = 0, a_col = 0;  // A(i, k) = a[i * a_row + k * a_col]
  const float* b = nullptr;
  int64_t ldb = 0;
  float* c = nullptr;
  int64_t ldc = 0;
  bool accumulate = false;  // false: C is overwritten
};

void small_gemm(const SmallGemm& g);

}  // namespace flujo::ops
