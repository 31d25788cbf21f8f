#include <string>

#include "flujo/nn/transformer.hpp"

namespace flujo::nn {

LayerNorm::LayerNorm(ParameterStore& store, const std::string& prefix, int64_t width) {
  require(width >= 1, "layer norm '" + prefix + "': width must be at least 1, got " +
                          std::to_string(width));
  weight_ = store.add(prefix + ".weight", {width}, {.weight_decay = false});
  bias_ = store.add(prefix + ".bias", {width}, {.weight_decay = false});
}

void LayerNorm::reset_parameters(ParameterStore& store) const {
  store.value(weight_).fill(1.0f);
  store.value(bias_).fill(0.0f);
}

Var LayerNorm::forward(Tape& tape, ParameterStore& store, Var x) const {
  return layer_norm(x, tape.param(store, weight_), tape.param(store, bias_));
}

}  // namespace flujo::nn
