#include "train/sequence_model.hpp"

#include <array>

#include "flujo/core/error.hpp"

namespace flujo::train {
namespace {
// The most rollout steps one graph holds; concat takes its parts from a fixed array so that a
// training step allocates nothing.
constexpr int64_t kMaxRollout = 64;
}  // namespace

SequenceModel::SequenceModel(nn::CellKind cell, int64_t channels, int64_t hidden, int64_t layers)
    : channels_(channels),
      hidden_(hidden),
      layers_(layers),
      recurrent_(store_, nn::cell_name(cell),
                 {.cell = cell, .input_size = channels, .hidden_size = hidden,
                  .layers = static_cast<int>(layers)}),
      head_(store_, "head", hidden, channels) {}

void SequenceModel::reset_parameters(Rng& rng) {
  recurrent_.reset_parameters(store_, rng);
  head_.reset_parameters(store_, rng);
}

Var SequenceModel::head(Tape& tape, Var top_hidden) { return head_.forward(tape, store_, top_hidden); }

nn::SequenceOutput SequenceModel::step(Tape& tape, Var input, Var h0, Var c0) {
  return recurrent_.forward(tape, store_, input, h0, c0);
}

Var SequenceModel::predict(Tape& tape, Var inputs, int64_t rollout) {
  require(rollout >= 1 && rollout <= kMaxRollout,
          "rollout must be between 1 and " + std::to_string(kMaxRollout));
  const Shape shape = inputs.shape();
  const int64_t batch = shape[0], look_back = shape[1];
  nn::SequenceOutput sequence = recurrent_.forward(tape, store_, inputs);
  Var last = reshape(slice(sequence.outputs, 1, look_back - 1, 1), Shape{batch, hidden_});
  std::array<Var, kMaxRollout> predictions;
  predictions[0] = head(tape, last);
  for (int64_t j = 1; j < rollout; ++j) {
    Var fed_back = reshape(predictions[j - 1], Shape{batch, 1, channels_});
    sequence = recurrent_.forward(tape, store_, fed_back, sequence.final_hidden, sequence.final_cell);
    predictions[j] = head(tape, reshape(sequence.outputs, Shape{batch, hidden_}));
  }
  if (rollout == 1) return predictions[0];
  return concat(std::span<const Var>(predictions.data(), rollout), 1);
}

Var SequenceModel::loss(Tape& tape, Var inputs, Var targets, int64_t rollout) {
  return mse_loss(predict(tape, inputs, rollout), targets);
}

}  // namespace flujo::train
