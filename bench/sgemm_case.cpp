// The machine's matrix-product speed through flujo's one door to the BLAS: C = A·B with n×n
// float32 matrices, the reference for the "share of sgemm peak" column.
#include "bench_case.hpp"
#include "flujo/core.hpp"

namespace flujo::bench {
namespace {

class SgemmCase : public Case {
 public:
  explicit SgemmCase(const CaseOptions& o) : n_(o.size), a_({n_, n_}), b_({n_, n_}), c_({n_, n_}) {
    Rng rng(o.seed);
    rng.fill_uniform(a_.view(), -1.0f, 1.0f);
    rng.fill_uniform(b_.view(), -1.0f, 1.0f);
    run_once();  // untimed: lets the BLAS start its threads and fault in its buffers
  }

  void run_once() override {
    blas::gemm(false, false, n_, n_, n_, 1.0f, a_.data(), n_, b_.data(), n_, 0.0f, c_.data(), n_);
  }

  double flops() const override { return sgemm_flops(n_); }
  int64_t samples() const override { return 1; }
  double last_loss() const override { return c_[0]; }

 private:
  int64_t n_;
  Tensor a_, b_, c_;
};

}  // namespace

std::unique_ptr<Case> make_sgemm_case(const CaseOptions& options) {
  require(options.size >= 1, "sgemm: --size must be at least 1");
  return std::make_unique<SgemmCase>(options);
}

}  // namespace flujo::bench
