#include "run/recurrent_model.hpp"

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

ModelKind recurrent_kind(nn::CellKind cell, const std::string& summary) {
  return {nn::cell_name(cell), summary, [cell](const TrainConfig& config, int64_t channels) {
            return std::make_unique<RecurrentModel>(cell, channels, config.hidden, config.layers);
          }};
}

}  // namespace flujo::run
