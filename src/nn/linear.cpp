#include <cmath>
#include <string>

#include "flujo/nn.hpp"

namespace flujo::nn {

Linear::Linear(ParameterStore& store, const std::string& prefix, int64_t in_features,
               int64_t out_features, bool bias)
    : in_features_(in_features), out_features_(out_features) {
  require(in_features >= 1, "linear '" + prefix + "': in_features must be at least 1, got " +
                                std::to_string(in_features));
  require(out_features >= 1, "linear '" + prefix + "': out_features must be at least 1, got " +
                                 std::to_string(out_features));
  weight_ = store.add(prefix + ".weight", {out_features, in_features});
  if (bias) bias_ = store.add(prefix + ".bias", {out_features}, {.weight_decay = false});
}

void Linear::reset_parameters(ParameterStore& store, Rng& rng) const {
  const float bound = 1.0f / std::sqrt(static_cast<float>(in_features_));
  rng.fill_uniform(store.value(weight_), -bound, bound);
  if (bias_ >= 0) rng.fill_uniform(store.value(bias_), -bound, bound);
}

Var Linear::forward(Tape& tape, ParameterStore& store, Var x) const {
  return linear(x, tape.param(store, weight_), bias_ >= 0 ? tape.param(store, bias_) : Var{});
}

}  // namespace flujo::nn
