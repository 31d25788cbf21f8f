#include "flujo/core/blas.hpp"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "flujo/core/parallel.hpp"

namespace flujo::blas {
namespace {

// flujo, not OpenBLAS, decides how products use the cores. OpenBLAS's own threads keep polling
// (sched_yield) for a while after each product, and on a 2-core machine they then compete with
// the recurrent kernels' workers: LSTM-64 training with 2 OpenBLAS threads took longer than with
// one. So OpenBLAS runs single-threaded, and large products are split below across flujo's
// workers (flujo/core/parallel.hpp), the same ones the recurrent kernels use.
std::atomic<int>& configured_threads() {
  static std::atomic<int> threads{[] {
    openblas_set_num_threads(1);
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }()};
  return threads;
}

// Products of fewer multiply-adds stay on one thread: waking a worker costs tens of
// microseconds on a busy machine, which a product this small (~30 µs at one core) does not repay.
constexpr double kMinMacsToSplit = 4.0 * 1024 * 1024;
// Parts start on multiples of this many rows or columns (one AVX-512 register of floats).
constexpr int64_t kSplitAlign = 16;

void gemm_one_thread(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k,
                     float alpha, const float* a, int64_t lda, const float* b, int64_t ldb,
                     float beta, float* c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans,
              transpose_b ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda),
              b, static_cast<blasint>(ldb), beta, c, static_cast<blasint>(ldc));
}

}  // namespace

void gemm(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
          int64_t ldc) {
  if (m == 0 || n == 0) return;
  const int threads = configured_threads().load(std::memory_order_relaxed);
  const bool split_rows = m >= n;
  const int64_t split_size = split_rows ? m : n;
  const int parts = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) >=
                                kMinMacsToSplit
                        ? static_cast<int>(std::min<int64_t>(threads, split_size / kSplitAlign))
                        : 1;
  if (parts <= 1) {
    gemm_one_thread(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // C's rows come from op(A)'s rows; its columns from op(B)'s columns.
  parallel::run(parts, [&](int p) {
    const int64_t first = parallel::part_begin(split_size, p, parts, kSplitAlign);
    const int64_t count = parallel::part_begin(split_size, p + 1, parts, kSplitAlign) - first;
    if (split_rows) {
      gemm_one_thread(transpose_a, transpose_b, count, n, k, alpha,
                      a + (transpose_a ? first : first * lda), lda, b, ldb, beta, c + first * ldc,
                      ldc);
    } else {
      gemm_one_thread(transpose_a, transpose_b, m, count, k, alpha, a, lda,
                      b + (transpose_b ? first * ldb : first), ldb, beta, c + first, ldc);
    }
  });
}

void set_threads(int threads) {
  configured_threads().store(std::max(1, threads), std::memory_order_relaxed);
}
int threads() { return configured_threads().load(std::memory_order_relaxed); }

std::string library() { return openblas_get_config(); }
std::string core_type() { return openblas_get_corename(); }

}  // namespace flujo::blas
