#include <array>
#include <cmath>
#include <string>

#include "flujo/core/recurrent.hpp"
#include "flujo/nn.hpp"

namespace flujo::nn {

const char* cell_name(CellKind cell) {
  switch (cell) {
    case CellKind::rnn_tanh:
      return "rnn";
    case CellKind::lstm:
      return "lstm";
    case CellKind::gru:
      return "gru";
  }
  return "lstm";
}

CellKind parse_cell(const std::string& name) {
  for (CellKind cell : {CellKind::rnn_tanh, CellKind::lstm, CellKind::gru})
    if (name == cell_name(cell)) return cell;
  throw Error("unknown recurrent cell '" + name + "' (expected rnn, lstm or gru)");
}

Recurrent::Recurrent(ParameterStore& store, const std::string& prefix, RecurrentOptions options)
    : options_(options) {
  const std::string where = "recurrent '" + prefix + "': ";
  require(options.input_size >= 1,
          where + "input_size must be at least 1, got " + std::to_string(options.input_size));
  require(options.hidden_size >= 1,
          where + "hidden_size must be at least 1, got " + std::to_string(options.hidden_size));
  require(options.layers >= 1 && options.layers <= kMaxLayers,
          where + "layers must be in [1, " + std::to_string(kMaxLayers) + "], got " +
              std::to_string(options.layers));
  const int64_t h = options.hidden_size, gh = gate_count(options.cell) * h;
  for (int l = 0; l < options.layers; ++l) {
    const std::string suffix = "_l" + std::to_string(l);
    const int64_t in = l == 0 ? options.input_size : h;
    layers_[l].weight_ih = store.add(prefix + ".weight_ih" + suffix, {gh, in});
    layers_[l].weight_hh = store.add(prefix + ".weight_hh" + suffix, {gh, h});
    layers_[l].bias_ih = store.add(prefix + ".bias_ih" + suffix, {gh}, {.weight_decay = false});
    layers_[l].bias_hh = store.add(prefix + ".bias_hh" + suffix, {gh}, {.weight_decay = false});
  }
}

// In PyTorch's parameter order (weight_ih, weight_hh, bias_ih, bias_hh per layer).
void Recurrent::reset_parameters(ParameterStore& store, Rng& rng) const {
  const float bound = 1.0f / std::sqrt(static_cast<float>(options_.hidden_size));
  for (int l = 0; l < options_.layers; ++l) {
    for (ParamId id :
         {layers_[l].weight_ih, layers_[l].weight_hh, layers_[l].bias_ih, layers_[l].bias_hh})
      rng.fill_uniform(store.value(id), -bound, bound);
  }
}

SequenceOutput Recurrent::forward(Tape& tape, ParameterStore& store, Var x, Var h0, Var c0) const {
  const Shape xs = x.shape();
  const int64_t batch = xs[0], hidden = options_.hidden_size;
  if (xs.rank() != 3 || xs[2] != options_.input_size)
    throw Error("recurrent: input must be (B, T, " + std::to_string(options_.input_size) +
                "), got " + xs.str());
  const Shape states{options_.layers, batch, hidden};
  const bool lstm = options_.cell == CellKind::lstm;
  if (h0 && h0.shape() != states)
    throw Error("recurrent: h0 must be " + states.str() + ", got " + h0.shape().str());
  if (c0) {
    if (!lstm)
      throw Error(std::string("recurrent: c0 given to a ") + cell_name(options_.cell) +
                  " (only the lstm has a cell state)");
    if (c0.shape() != states)
      throw Error("recurrent: c0 must be " + states.str() + ", got " + c0.shape().str());
  }

  std::array<std::array<Var, 4>, kMaxLayers> params;
  bool needs_grad = x.requires_grad() || (h0 && h0.requires_grad()) || (c0 && c0.requires_grad());
  for (int l = 0; l < options_.layers; ++l) {
    const LayerParams& p = layers_[l];
    params[l] = {tape.param(store, p.weight_ih), tape.param(store, p.weight_hh),
                 tape.param(store, p.bias_ih), tape.param(store, p.bias_hh)};
    for (Var v : params[l]) needs_grad = needs_grad || v.requires_grad();
  }

  SequenceOutput result;
  result.layers = options_.layers;
  result.final_hidden = tape.make(states, needs_grad);
  if (lstm) result.final_cell = tape.make(states, needs_grad);
  Var input = x;
  for (int l = 0; l < options_.layers; ++l) {
    RecurrentLayerResult layer = recurrent_layer({.cell = options_.cell,
                                                  .layer = l,
                                                  .x = input,
                                                  .weight_ih = params[l][0],
                                                  .weight_hh = params[l][1],
                                                  .bias_ih = params[l][2],
                                                  .bias_hh = params[l][3],
                                                  .h0 = h0,
                                                  .c0 = c0,
                                                  .final_hidden = result.final_hidden,
                                                  .final_cell = result.final_cell});
    result.hidden_states[l] = layer.hidden;
    result.cell_states[l] = layer.cell;
    input = layer.hidden;
  }
  result.outputs = input;
  return result;
}

}  // namespace flujo::nn
