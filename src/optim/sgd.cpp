// torch.optim.SGD (1.13, single-tensor path) over the store's flat buffer. Each `add(x, alpha=a)`
// of torch's CPU kernel is a fused multiply-add, so it is one std::fma here; the first step
// copies the (decayed) gradient into the momentum buffer instead of blending it.
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo::optim {
namespace {
void check_options(const SgdOptions& o) {
  require(std::isfinite(o.lr) && o.lr >= 0, fmt::format("sgd: lr = {}: must be >= 0", o.lr));
  require(o.momentum >= 0, fmt::format("sgd: momentum = {}: must be >= 0", o.momentum));
  require(o.weight_decay >= 0,
          fmt::format("sgd: weight_decay = {}: must be >= 0", o.weight_decay));
  require(!o.nesterov || (o.momentum > 0 && o.dampening == 0),
          "sgd: nesterov needs momentum > 0 and dampening = 0");
}
}  // namespace

Sgd::Sgd(ParameterStore& store, SgdOptions options) : Optimizer(store, options.lr),
                                                      options_(options) {
  check_options(options_);
  if (options_.momentum != 0) momentum_buffer_.assign(store_.numel(), 0.0f);
}

void Sgd::step() {
  const int64_t n = store_.numel();
  require(options_.momentum == 0 || static_cast<int64_t>(momentum_buffer_.size()) == n,
          "sgd: the parameter store grew after the optimizer was made");
  const float weight_decay = static_cast<float>(options_.weight_decay);
  const float momentum = static_cast<float>(options_.momentum);
  const float blend = static_cast<float>(1.0 - options_.dampening);
  const float neg_lr = static_cast<float>(-lr_);
  const bool use_decay = options_.weight_decay != 0, use_momentum = options_.momentum != 0;
  const bool first_step = steps_ == 0, nesterov = options_.nesterov;
  float* values = store_.values();
  const float* grads = store_.grads();
  float* buffer = momentum_buffer_.data();
  for (const Parameter& p : store_.parameters()) {
    const bool decayed = use_decay && p.flags.weight_decay;
    for (int64_t i = p.offset, end = p.offset + p.shape.numel(); i < end; ++i) {
      float update = grads[i];
      if (decayed) update = std::fma(weight_decay, values[i], update);
      if (use_momentum) {
        buffer[i] = first_step ? update : std::fma(blend, update, buffer[i] * momentum);
        update = nesterov ? std::fma(momentum, buffer[i], update) : buffer[i];
      }
      values[i] = std::fma(neg_lr, update, values[i]);
    }
  }
  ++steps_;
}

std::vector<Optimizer::StateBuffer> Sgd::state_buffers() {
  if (options_.momentum == 0) return {};
  return {{"momentum_buffer", &momentum_buffer_}};
}

}  // namespace flujo::optim
