// The Var-level recurrent layer op: checks shapes, makes the output nodes, runs the fused kernel
// and records its backward (declared in flujo/core/recurrent.hpp).
#include <string>

#include "flujo/core/recurrent.hpp"
#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"

namespace flujo {
namespace {

// Row `layer` of an (L, B, H) tensor as a (B, H) view; empty stays empty.
TensorView layer_row(TensorView stacked, int layer) {
  if (!stacked) return {};
  const int64_t b = stacked.shape[1], h = stacked.shape[2];
  return {stacked.data + layer * b * h, Shape{b, h}};
}

TensorView value_of(Var v) { return v ? v.value() : TensorView{}; }
TensorView grad_of(Var v) { return v ? v.grad() : TensorView{}; }

ops::RecurrentInputs inputs_of(const RecurrentLayerArgs& a) {
  return {value_of(a.x),         value_of(a.weight_ih),
          value_of(a.weight_hh), value_of(a.bias_ih),
          value_of(a.bias_hh),   layer_row(value_of(a.h0), a.layer),
          layer_row(value_of(a.c0), a.layer)};
}

void check_shape(Var v, const Shape& expected, const char* what) {
  if (v.shape() != expected)
    throw Error(std::string("recurrent layer: ") + what + " must be " + expected.str() + ", got " +
                v.shape().str());
}

void check_state(Var state, int layer, int64_t batch, int64_t hidden, const char* what) {
  if (!state) return;
  const Shape& s = state.shape();
  if (s.rank() != 3 || s[0] <= layer || s[1] != batch || s[2] != hidden)
    throw Error(std::string("recurrent layer: ") + what + " must be (L > " + std::to_string(layer) +
                ", " + std::to_string(batch) + ", " + std::to_string(hidden) + "), got " + s.str());
}

}  // namespace

RecurrentLayerResult recurrent_layer(const RecurrentLayerArgs& a) {
  const Shape xs = a.x.shape();
  if (xs.rank() != 3) throw Error("recurrent layer: input must be (B, T, F), got " + xs.str());
  // The batch is split across as many workers as flujo lets the BLAS use (--threads), for whole
  // sequences only: a call of a few steps (rollout, free run) is too short to pay for waking a
  // worker, which on a busy machine can cost a scheduler time slice.
  constexpr int64_t kMinStepsToSplit = 8;
  const int64_t workers = xs[1] >= kMinStepsToSplit ? blas::threads() : 1;
  ops::RecurrentDims dims{a.cell, xs[0], xs[1], xs[2], a.weight_hh.shape()[1], workers};
  if (dims.batch < 1 || dims.steps < 1)
    throw Error("recurrent layer: input " + xs.str() + " needs at least one sequence and one step");
  const int64_t gh = dims.gates() * dims.hidden_size;
  const bool lstm = a.cell == RecurrentCell::lstm;
  check_shape(a.weight_ih, {gh, dims.input_size}, "weight_ih");
  check_shape(a.weight_hh, {gh, dims.hidden_size}, "weight_hh");
  check_shape(a.bias_ih, {gh}, "bias_ih");
  check_shape(a.bias_hh, {gh}, "bias_hh");
  check_state(a.h0, a.layer, dims.batch, dims.hidden_size, "h0");
  check_state(a.final_hidden, a.layer, dims.batch, dims.hidden_size, "final_hidden");
  require(lstm == static_cast<bool>(a.final_cell) && (lstm || !a.c0),
          "recurrent layer: cell states (c0, final_cell) belong to the LSTM only");
  if (lstm) {
    check_state(a.c0, a.layer, dims.batch, dims.hidden_size, "c0");
    check_state(a.final_cell, a.layer, dims.batch, dims.hidden_size, "final_cell");
  }

  Tape& tape = *a.x.tape;
  const bool needs_grad = a.x.requires_grad() || a.weight_ih.requires_grad() ||
                          a.weight_hh.requires_grad() || a.bias_ih.requires_grad() ||
                          a.bias_hh.requires_grad() || (a.h0 && a.h0.requires_grad()) ||
                          (a.c0 && a.c0.requires_grad());
  const Shape sequence{dims.batch, dims.steps, dims.hidden_size};
  RecurrentLayerResult result;
  result.hidden = tape.make(sequence, needs_grad);
  if (lstm) result.cell = tape.make(sequence, needs_grad);
  float* saved_base = tape.scratch(Shape{ops::RecurrentSaved::floats(dims)}).data;

  ops::recurrent_forward(dims,
                         {value_of(result.hidden), value_of(result.cell),
                          layer_row(value_of(a.final_hidden), a.layer),
                          layer_row(value_of(a.final_cell), a.layer)},
                         ops::RecurrentSaved::carve(saved_base, dims), inputs_of(a));
  if (needs_grad) {
    float* work_base = tape.scratch(Shape{ops::RecurrentWork::floats(dims)}).data;
    tape.record([a, result, dims, saved_base, work_base] {
      const int l = a.layer;
      ops::recurrent_backward(
          dims,
          {grad_of(a.x), grad_of(a.weight_ih), grad_of(a.weight_hh), grad_of(a.bias_ih),
           grad_of(a.bias_hh), layer_row(grad_of(a.h0), l), layer_row(grad_of(a.c0), l)},
          ops::RecurrentWork::carve(work_base, dims),
          {grad_of(result.hidden), grad_of(result.cell), layer_row(grad_of(a.final_hidden), l),
           layer_row(grad_of(a.final_cell), l)},
          ops::RecurrentSaved::carve(saved_base, dims), inputs_of(a));
    });
  }
  return result;
}

}  // namespace flujo
