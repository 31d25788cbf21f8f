#pragma once
// The trained network of `flujo train`: a stacked recurrent layer and a linear head that maps the
// top hidden state to the next value of every channel. All parameters live in one store.
//
// Training graph for a batch: inputs (B, L, C) → recurrent (one fused op per layer) → top hidden
// state at the last step (B, H) → head → prediction (B, C). With rollout k > 1 the prediction is
// fed back as the next input (B, 1, C), continuing from the final state, k − 1 more times; the k
// predictions (B, k·C) meet the targets in one MSE.
#include <cstdint>

#include "flujo/core.hpp"
#include "flujo/nn.hpp"

namespace flujo::run {

class SequenceModel {
 public:
  SequenceModel(nn::CellKind cell, int64_t channels, int64_t hidden, int64_t layers);
  SequenceModel(const SequenceModel&) = delete;
  SequenceModel& operator=(const SequenceModel&) = delete;

  void reset_parameters(Rng& rng);
  ParameterStore& store() { return store_; }
  const nn::Recurrent& recurrent() const { return recurrent_; }
  const nn::Linear& head_layer() const { return head_; }
  int64_t channels() const { return channels_; }
  int64_t hidden() const { return hidden_; }
  int64_t layers() const { return layers_; }

  // The next value (B, C) after inputs (B, L, C).
  Var predict(Tape& tape, Var inputs);
  // Mean squared error against targets (B, k·C) of k = rollout predictions, each fed back as
  // the next input.
  Var loss(Tape& tape, Var inputs, Var targets, int64_t rollout);

  // One step from a state: input (B, 1, C) and states (L, B, H) → the sequence output, whose
  // final_hidden / final_cell carry the state on and whose top output feeds the head.
  nn::SequenceOutput step(Tape& tape, Var input, Var h0, Var c0);
  Var head(Tape& tape, Var top_hidden);  // (B, H) → (B, C)

 private:
  int64_t channels_, hidden_, layers_;
  ParameterStore store_;
  nn::Recurrent recurrent_;
  nn::Linear head_;
};

}  // namespace flujo::run
