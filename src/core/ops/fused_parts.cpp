#include "core/ops/fused_parts.hpp"

#include <algorithm>

#include "core/ops/small_gemm.hpp"
#include "flujo/core/blas.hpp"

namespace flujo::ops {

int64_t odd_line_stride(int64_t floats) {
  const int64_t lines = (floats + 15) / 16;
  return (lines | 1) * 16;
}

void copy_or_zero(float* dst, ConstTensorView src, int64_t count) {
  if (src) {
    std::copy(src.data, src.data + count, dst);
  } else {
    std::fill(dst, dst + count, 0.0f);
  }
}

void transpose(const float* src, int64_t rows, int64_t cols, float* dst, int64_t ld) {
  constexpr int64_t kBlock = 16;
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock) {
    const int64_t block_end = std::min(r0 + kBlock, rows);
    for (int64_t c = 0; c < cols; ++c)
      for (int64_t r = r0; r < block_end; ++r) dst[c * ld + r] = src[r * cols + c];
  }
}

void gemm_rows(int64_t rows, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
               int64_t ldb, float* c, int64_t ldc, bool accumulate) {
  if (n * k > kSmallGemmFloats) {
    blas::gemm(false, false, rows, n, k, 1.0f, a, lda, b, ldb, accumulate ? 1.0f : 0.0f, c, ldc);
    return;
  }
  small_gemm({.m = rows, .n = n, .k = k, .a = a, .a_row = lda, .a_col = 1, .b = b, .ldb = ldb,
              .c = c, .ldc = ldc, .accumulate = accumulate});
}

}  // namespace flujo::ops
