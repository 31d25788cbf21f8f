// torch.optim.Adam and AdamW (1.13, single-tensor path) over the store's flat buffer, with
// torch's float order of operations: `add(x, alpha=a)` is a fused multiply-add in torch's CPU
// kernel (one std::fma here), addcmul is (value·g)·g, the denominator is sqrt(v)/sqrt(bc2) + eps,
// and addcdiv is p + (−step_size·m)/denom. Bias corrections and the step size are computed in
// double (torch computes them as Python floats) and rounded to float once.
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo::optim {
namespace {
void check_options(const AdamOptions& o, const char* name) {
  require(std::isfinite(o.lr) && o.lr >= 0, fmt::format("{}: lr = {}: must be >= 0", name, o.lr));
  require(o.beta1 >= 0 && o.beta1 < 1,
          fmt::format("{}: beta1 = {}: must be in [0, 1)", name, o.beta1));
  require(o.beta2 >= 0 && o.beta2 < 1,
          fmt::format("{}: beta2 = {}: must be in [0, 1)", name, o.beta2));
  require(o.eps >= 0, fmt::format("{}: eps = {}: must be >= 0", name, o.eps));
  require(o.weight_decay >= 0,
          fmt::format("{}: weight_decay = {}: must be >= 0", name, o.weight_decay));
}
}  // namespace

Adam::Adam(ParameterStore& store, AdamOptions options) : Adam(store, options, false) {}

Adam::Adam(ParameterStore& store, AdamOptions options, bool decoupled_weight_decay)
    : Optimizer(store, options.lr), options_(options), decoupled_(decoupled_weight_decay) {
  check_options(options_, decoupled_ ? "adamw" : "adam");
  exp_avg_.assign(store_.numel(), 0.0f);
  exp_avg_sq_.assign(store_.numel(), 0.0f);
}

AdamW::AdamW(ParameterStore& store, AdamOptions options) : Adam(store, options, true) {}

void Adam::step() {
  const int64_t n = store_.numel();
  require(static_cast<int64_t>(exp_avg_.size()) == n,
          "adam: the parameter store grew after the optimizer was made");
  ++steps_;
  const double step = static_cast<double>(steps_);
  const double bias_correction1 = 1.0 - std::pow(options_.beta1, step);
  const double bias_correction2 = 1.0 - std::pow(options_.beta2, step);
  const float neg_step_size = static_cast<float>(-(lr_ / bias_correction1));
  const float bias_correction2_sqrt = static_cast<float>(std::sqrt(bias_correction2));
  const float beta1 = static_cast<float>(options_.beta1);
  const float beta2 = static_cast<float>(options_.beta2);
  const float one_minus_beta1 = static_cast<float>(1.0 - options_.beta1);
  const float one_minus_beta2 = static_cast<float>(1.0 - options_.beta2);
  const float eps = static_cast<float>(options_.eps);
  // Adam folds L2 into the gradient; AdamW shrinks the parameter first (torch's
  // param.mul_(1 - lr·wd)).
  const bool l2 = !decoupled_ && options_.weight_decay != 0;
  const bool shrink = decoupled_ && options_.weight_decay != 0;
  const float weight_decay = static_cast<float>(options_.weight_decay);
  const float shrink_factor = static_cast<float>(1.0 - lr_ * options_.weight_decay);
  float* values = store_.values();
  const float* grads = store_.grads();
  float* m = exp_avg_.data();
  float* v = exp_avg_sq_.data();
  for (const Parameter& p : store_.parameters()) {
    const bool decayed = p.flags.weight_decay;
    for (int64_t i = p.offset, end = p.offset + p.shape.numel(); i < end; ++i) {
      float g = grads[i];
      if (l2 && decayed) g = std::fma(weight_decay, values[i], g);
      if (shrink && decayed) values[i] *= shrink_factor;
      m[i] = std::fma(one_minus_beta1, g, m[i] * beta1);
      v[i] = v[i] * beta2 + one_minus_beta2 * g * g;
      const float denom = std::sqrt(v[i]) / bias_correction2_sqrt + eps;
      values[i] = values[i] + neg_step_size * m[i] / denom;
    }
  }
}

std::vector<Optimizer::StateBuffer> Adam::state_buffers() {
  return {{"exp_avg", &exp_avg_}, {"exp_avg_sq", &exp_avg_sq_}};
}

}  // namespace flujo::optim
