#include "run/sequence_model.hpp"

#include "flujo/core/error.hpp"

namespace flujo::run {
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

Var SequenceModel::predict(Tape& tape, Var inputs) {
  const Shape shape = inputs.shape();
  const int64_t batch = shape[0], look_back = shape[1];
  nn::SequenceOutput sequence = recurrent_.forward(tape, store_, inputs);
  return head(tape, reshape(slice(sequence.outputs, 1, look_back - 1, 1), Shape{batch, hidden_}));
}

Var SequenceModel::loss(Tape& tape, Var inputs, Var targets, int64_t rollout) {
  if (rollout < 1) throw Error("rollout must be at least 1, got " + std::to_string(rollout));
  const Shape shape = inputs.shape();
  const int64_t batch = shape[0], look_back = shape[1];
  nn::SequenceOutput sequence = recurrent_.forward(tape, store_, inputs);
  Var prediction = head(tape, reshape(slice(sequence.outputs, 1, look_back - 1, 1), Shape{batch, hidden_}));
  if (rollout == 1) return mse_loss(prediction, targets);
  // Each step's MSE has the same number of terms, so their mean is the MSE over all k steps.
  Var total = mse_loss(prediction, slice(targets, 1, 0, channels_));
  for (int64_t j = 1; j < rollout; ++j) {
    Var fed_back = reshape(prediction, Shape{batch, 1, channels_});
    sequence = recurrent_.forward(tape, store_, fed_back, sequence.final_hidden, sequence.final_cell);
    prediction = head(tape, reshape(sequence.outputs, Shape{batch, hidden_}));
    total = add(total, mse_loss(prediction, slice(targets, 1, j * channels_, channels_)));
  }
  return scale(total, 1.0f / static_cast<float>(rollout));
}

}  // namespace flujo::run
