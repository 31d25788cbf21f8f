#pragma once
// The door to the BLAS for the networks' float32 products, and the thread count that flujo's
// kernels and products share. The double-precision analysis calls CBLAS and LAPACK directly
// (ridge regression: dsyrk and dgemm in src/analysis/ridge.cpp; PCA: dsyrk, dgemm and dsyevd in
// src/analysis/embeddings.cpp; the ESN's readout goes through the ridge regression): each is one
// call on the caller's thread, with no splitting for this header to decide. Row-major
// single-precision GEMM:
//   C(M,N) = alpha * op(A) * op(B) + beta * C,   op(X) = X or X^T.
// lda/ldb/ldc are row strides of the matrices as stored.
#include <cstdint>
#include <string>

namespace flujo::blas {

void gemm(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
          int64_t ldc);

// Threads flujo's products and recurrent kernels may use (flujo/core/parallel.hpp's workers;
// the BLAS library itself runs single-threaded). Set once at start-up: results depend on it bit
// for bit.
// Until set it is the number of cores.
void set_threads(int threads);
int threads();

// The BLAS library as it describes itself, and the kernels it chose for this CPU (flujo env).
std::string library();
std::string core_type();

}  // namespace flujo::blas
