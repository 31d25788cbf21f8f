#pragma once
// Pieces every fused op shares (the recurrent layer now; attention and convolutions next): one
// tape buffer carved into aligned parts for what the op saves for backward and what it works in,
// row strides that keep L1 sets apart, a cache-blocked transpose, optional states copied or
// zeroed, and the product of one worker's rows (small_gemm or the BLAS by the operand's size).
#include <cstdint>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

// Hands out consecutive parts of one buffer, each padded to 16 floats (64 bytes) so that parts
// start on vector boundaries relative to the base. With a null base it only counts, so that
// an op can size its saved state before the tape hands out the memory.
struct Carver {
  float* base = nullptr;
  int64_t used = 0;
  TensorView take(Shape shape) {
    TensorView part{base ? base + used : nullptr, shape};
    used += (shape.numel() + 15) / 16 * 16;
    return part;
  }
};

// A row stride for `floats` per row: whole cache lines, and an odd number of them, so that the
// rows small_gemm walks down fall into different L1 sets. At 256 floats (1 KiB rows) a
// 64-column slice of 64 rows would share 16 of the 64 sets and thrash.
int64_t odd_line_stride(int64_t floats);

// dst = src (count floats), or zeros when src is empty (no initial state / no incoming gradient).
void copy_or_zero(float* dst, ConstTensorView src, int64_t count);

// dst (cols, rows; row stride ld) = src (rows, cols)ᵀ, 16 source rows at a time: those rows'
// lines stay in L1 while each destination line is written whole. Row by row, the power-of-two
// stride of a whole destination column maps its lines onto a few L1 sets, which then thrash.
void transpose(const float* src, int64_t rows, int64_t cols, float* dst, int64_t ld);

// Operands B up to this size (an LSTM's recurrent weight at H = 256) go through small_gemm.
// At H = 256 that beat the BLAS called per step, at one thread and at two (bench/flujo_bench_case
// train --cell lstm --hidden 256), which packs the whole 1 MiB weight on every call and can only
// split each step's product.
constexpr int64_t kSmallGemmFloats = 256 * 1024;

// C (rows, N) [+]= A (rows, K) · B (K, N) with A, B and C row-major. Small B goes through
// small_gemm, which reads it in place; a large one through the BLAS, whose packing then pays.
void gemm_rows(int64_t rows, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
               int64_t ldb, float* c, int64_t ldc, bool accumulate);

}  // namespace flujo::ops
