#pragma once
// flujo nn: layers that own named parameters in a ParameterStore and build tape graphs.
// Names, shapes, gate order and initialisation follow PyTorch, so weights move one-to-one.
//
//   flujo::ParameterStore store;
//   flujo::nn::Recurrent lstm(store, "lstm", {.cell = flujo::nn::CellKind::lstm,
//                                              .input_size = 1, .hidden_size = 40});
//   flujo::nn::Linear head(store, "head", 40, 1);
//   flujo::Rng rng(seed);  lstm.reset_parameters(store, rng);  head.reset_parameters(store, rng);
//   auto seq = lstm.forward(tape, store, x);                          // x (B, T, F)
//   flujo::Var y = head.forward(tape, store, flujo::slice(seq.outputs, 1, T - 1, 1));
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "flujo/core.hpp"

namespace flujo::nn {

// y = x · weight^T + bias. Parameters "<prefix>.weight" (O, F) and "<prefix>.bias" (O).
class Linear {
 public:
  Linear(ParameterStore& store, const std::string& prefix, int64_t in_features,
         int64_t out_features, bool bias = true);
  // PyTorch's default: weight and bias uniform in ±1/sqrt(in_features).
  void reset_parameters(ParameterStore& store, Rng& rng) const;
  Var forward(Tape& tape, ParameterStore& store, Var x) const;

  int64_t in_features() const { return in_features_; }
  int64_t out_features() const { return out_features_; }
  ParamId weight() const { return weight_; }
  ParamId bias() const { return bias_; }  // -1 without bias

 private:
  int64_t in_features_, out_features_;
  ParamId weight_ = -1, bias_ = -1;
};

using CellKind = RecurrentCell;  // one enum for core and nn (flujo/core/recurrent_cell.hpp)
const char* cell_name(CellKind cell);  // "rnn", "lstm", "gru"
CellKind parse_cell(const std::string& name);  // throws Error naming the value

inline constexpr int kMaxLayers = 8;

struct RecurrentOptions {
  CellKind cell = CellKind::lstm;
  int64_t input_size = 1;
  int64_t hidden_size = 40;
  int layers = 1;
};

// What one call over a whole sequence returns. The analysis reads the attractor reconstruction
// straight from hidden_states.
struct SequenceOutput {
  Var outputs;                                // (B, T, H): the top layer's hidden sequence
  std::array<Var, kMaxLayers> hidden_states;  // [layer] (B, T, H)
  std::array<Var, kMaxLayers> cell_states;    // [layer] (B, T, H), LSTM only
  Var final_hidden;                           // (L, B, H), PyTorch's h_n
  Var final_cell;                             // (L, B, H), PyTorch's c_n (LSTM only)
  int layers = 0;
};

// Stacked RNN (tanh) / LSTM / GRU, batch-first. Per layer l: "<prefix>.weight_ih_l<l>" (G·H, in),
// "<prefix>.weight_hh_l<l>" (G·H, H), "<prefix>.bias_ih_l<l>" (G·H), "<prefix>.bias_hh_l<l>" (G·H),
// G = 1, 4 (gates i, f, g, o) or 3 (r, z, n; the reset gate multiplies (W_hn h + b_hn)).
// Each layer is one fused tape op over the whole sequence.
class Recurrent {
 public:
  Recurrent(ParameterStore& store, const std::string& prefix, RecurrentOptions options);
  // PyTorch's default: every weight and bias uniform in ±1/sqrt(hidden_size).
  void reset_parameters(ParameterStore& store, Rng& rng) const;
  // x (B, T, F); h0 and c0 (L, B, H), or empty for zeros.
  SequenceOutput forward(Tape& tape, ParameterStore& store, Var x, Var h0 = {}, Var c0 = {}) const;

  const RecurrentOptions& options() const { return options_; }

  struct LayerParams {
    ParamId weight_ih = -1, weight_hh = -1, bias_ih = -1, bias_hh = -1;
  };
  const LayerParams& layer(int l) const { return layers_[l]; }

 private:
  RecurrentOptions options_;
  std::array<LayerParams, kMaxLayers> layers_{};
};

// Free-running inference without the tape: a stacked Recurrent and a Linear head (H → C) whose
// prediction is fed back as the next input (so the recurrent input_size is C). prepare() lays the
// weights out once (transposed); run() then advances B trajectories `steps` steps, updating their
// states in place. The trajectories are independent, so run() splits them across flujo's threads
// (blas::threads) and each worker takes every step of its rows alone: one wake-up per call, not
// one per step. A trajectory's numbers are the same bits whatever the thread count (layers up
// to LSTM H = 256, whose products all go to small_gemm); they match the tape's one-step calls
// (model step, then head) up to the head's rounding, which sums in another order than the BLAS
// (tests/nn/recurrent_stepper_test.cpp).
class RecurrentStepper {
 public:
  RecurrentStepper(const Recurrent& recurrent, const Linear& head, int64_t batch);
  ~RecurrentStepper();
  RecurrentStepper(const RecurrentStepper&) = delete;
  RecurrentStepper& operator=(const RecurrentStepper&) = delete;

  // Lays the recurrent weights out (transposed copies); call again after they change.
  void prepare(const ParameterStore& store);
  // input (B, C): the last prediction in, the newest out. hidden, cell (L, B, H): the states in
  // and out (cell: LSTM only, else empty). predictions (B, steps, C) receives every prediction,
  // or is empty.
  void run(TensorView input, TensorView hidden, TensorView cell, int64_t steps,
           TensorView predictions);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flujo::nn
#include "flujo/nn/esn.hpp"
