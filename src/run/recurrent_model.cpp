#include "run/recurrent_model.hpp"

#include <climits>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "run/free_run.hpp"

namespace flujo::run {

RecurrentModel::RecurrentModel(nn::CellKind cell, int64_t channels, int64_t hidden,
                               int64_t layers)
    : Model(channels), network_(cell, channels, hidden, layers) {}

std::unique_ptr<FreeRunStepper> RecurrentModel::stepper(int64_t batch) {
  return std::make_unique<FreeRunner>(network_, batch);
}

// The state recorded at row t is the one after the window of rows (t − L, t] from a zero state,
// exactly as in training, for every layer (and the LSTM's cell).
HiddenStates RecurrentModel::record_states(const data::Series& normalised, int64_t first_row,
                                           int64_t count, int64_t look_back) {
  require(first_row >= look_back - 1 && first_row + count <= normalised.time_steps(),
          "hidden-state recording needs rows " + std::to_string(first_row - look_back + 1) + " to " +
              std::to_string(first_row + count - 1) + " of a series of " +
              std::to_string(normalised.time_steps()));
  const int64_t layers = network_.layers(), hidden = network_.hidden(), batch_size = 512;
  const bool has_cell = network_.recurrent().options().cell == nn::CellKind::lstm;
  HiddenStates states;
  states.count = count;
  states.width = layers * hidden;
  states.hidden.resize(static_cast<size_t>(count * states.width));
  if (has_cell) states.cell.resize(states.hidden.size());
  Tape tape;
  tape.set_grad_enabled(false);
  for (int64_t first = 0; first < count; first += batch_size) {
    const int64_t batch = std::min(batch_size, count - first);
    const Tensor windows = gather_windows(normalised, first_row + first - look_back + 1, batch, look_back);
    tape.reset();
    const nn::SequenceOutput out = network_.step(tape, tape.constant(windows.view()), Var{}, Var{});
    // final_hidden is (L, B, H); rows of the result put a sample's layers side by side.
    for (int64_t l = 0; l < layers; ++l)
      for (int64_t b = 0; b < batch; ++b)
        for (int64_t h = 0; h < hidden; ++h) {
          const int64_t source = (l * batch + b) * hidden + h;
          const int64_t target = (first + b) * states.width + l * hidden + h;
          states.hidden[target] = out.final_hidden.value()[source];
          if (has_cell) states.cell[target] = out.final_cell.value()[source];
        }
  }
  return states;
}

namespace {

// Parameters (values, gradients, the best weights, two Adam moments: 5 floats each) and, per
// layer, what one batch saves on the tape over look_back + rollout − 1 steps (inputs, gates,
// states) and what its backward works in (gate gradients): about 2·G·H + 4·H + F floats per row
// and step, the head and the loss aside.
int64_t recurrent_training_bytes(nn::CellKind cell, const TrainConfig& config, int64_t channels) {
  const double g = static_cast<double>(gate_count(cell)), h = static_cast<double>(config.hidden);
  const double c = static_cast<double>(channels), layers = static_cast<double>(config.layers);
  const double parameters = g * h * (c + h + 2) + (layers - 1) * g * h * (2 * h + 2) + c * h + c;
  const double steps = static_cast<double>(config.look_back + config.rollout - 1);
  const double activations =
      layers * static_cast<double>(config.batch) * steps * (2 * g * h + 4 * h + c);
  const double bytes = 4.0 * (5.0 * parameters + activations);
  return bytes > 9e18 ? INT64_MAX : static_cast<int64_t>(bytes);
}

}  // namespace

ModelKind recurrent_kind(nn::CellKind cell, const std::string& summary) {
  ModelKind kind{nn::cell_name(cell), summary, [cell](const TrainConfig& config, int64_t channels) {
                   return std::make_unique<RecurrentModel>(cell, channels, config.hidden,
                                                           config.layers);
                 }};
  kind.training_bytes = [cell](const TrainConfig& config, int64_t channels, int64_t) {
    return recurrent_training_bytes(cell, config, channels);
  };
  kind.unused_keys = {"latent", "fnn_weight", "spectral_radius", "leak_rate", "input_scaling", "ridge"};
  return kind;
}

}  // namespace flujo::run
