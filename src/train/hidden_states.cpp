#include "train/hidden_states.hpp"

#include <cmath>

#include "flujo/core/error.hpp"
#include "train/free_run.hpp"

namespace flujo::train {

HiddenStates record_hidden_states(SequenceModel& model, const data::Series& normalised,
                                  int64_t first_row, int64_t count, int64_t look_back) {
  require(first_row >= look_back - 1 && first_row + count <= normalised.time_steps(),
          "hidden-state recording needs rows " + std::to_string(first_row - look_back + 1) + " to " +
              std::to_string(first_row + count - 1) + " of a series of " +
              std::to_string(normalised.time_steps()));
  const int64_t layers = model.layers(), hidden = model.hidden(), batch_size = 512;
  const bool has_cell = model.recurrent().options().cell == nn::CellKind::lstm;
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
    const nn::SequenceOutput out = model.step(tape, tape.constant(windows.view()), Var{}, Var{});
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

FreeRun free_run_with_states(SequenceModel& model, const data::Series& normalised, int64_t look_back,
                             int64_t steps) {
  const int64_t layers = model.layers(), hidden = model.hidden(), channels = model.channels();
  FreeRun run;
  run.predictions.resize(static_cast<size_t>(steps * channels));
  run.states.count = steps;
  run.states.width = layers * hidden;
  run.states.hidden.resize(static_cast<size_t>(steps * layers * hidden));
  FreeRunner runner(model, 1);
  runner.warm_up(gather_windows(normalised, 0, 1, look_back).view());
  for (int64_t s = 0; s < steps; ++s) {
    if (s > 0) runner.step();
    for (int64_t c = 0; c < channels; ++c) run.predictions[s * channels + c] = runner.prediction()[c];
    for (int64_t i = 0; i < layers * hidden; ++i) run.states.hidden[s * layers * hidden + i] = runner.hidden()[i];
  }
  return run;
}

double free_run_lyapunov(SequenceModel& model, const data::Series& normalised, int64_t look_back,
                         double dt, const FreeRunLyapunovOptions& options) {
  require(normalised.time_steps() >= look_back, "free-run Lyapunov: the series is shorter than look_back");
  // Both trajectories warm up on the same true window; the second is then displaced.
  Tensor windows({2, look_back, model.channels()});
  const Tensor one = gather_windows(normalised, 0, 1, look_back);
  std::copy(one.data(), one.data() + one.numel(), windows.data());
  std::copy(one.data(), one.data() + one.numel(), windows.data() + one.numel());
  FreeRunner runner(model, 2);
  runner.warm_up(windows.view());
  for (int64_t s = 0; s < options.transient; ++s) runner.step();

  // The autonomous network's state is (h, c, last prediction): the prediction is the next input.
  // Visits each coordinate as a pair (reference, displaced) of the two trajectories; in every
  // (L, 2, H) or (2, 1, C) tensor the displaced trajectory's block follows the reference's.
  const int64_t layers = model.layers(), hidden = model.hidden(), channels = model.channels();
  auto for_each_pair = [&](auto&& visit) {
    auto pairs = [&](TensorView state, int64_t blocks, int64_t width) {
      for (int64_t k = 0; k < blocks; ++k)
        for (int64_t i = 0; i < width; ++i) visit(state[(2 * k) * width + i], state[(2 * k + 1) * width + i]);
    };
    pairs(runner.hidden(), layers, hidden);
    if (runner.has_cell()) pairs(runner.cell(), layers, hidden);
    pairs(runner.prediction(), 1, channels);
  };
  auto distance = [&] {
    double squared = 0.0;
    for_each_pair([&](float a, float b) { squared += (double(b) - a) * (double(b) - a); });
    return std::sqrt(squared);
  };
  // Initial displacement along the all-ones direction, scaled to the separation.
  int64_t coordinates = 0;
  for_each_pair([&](float, float) { ++coordinates; });
  const double offset = options.separation / std::sqrt(static_cast<double>(coordinates));
  for_each_pair([&](float& a, float& b) { b = static_cast<float>(a + offset); });

  double log_growth = 0.0;
  int64_t measured = 0;
  for (int64_t s = 1; s <= options.steps; ++s) {
    runner.step();
    if (s % options.renormalise_every != 0) continue;
    const double d = distance();
    require(std::isfinite(d) && d > 0, "free-run Lyapunov: the trajectories collapsed or diverged");
    log_growth += std::log(d / options.separation);
    measured += options.renormalise_every;
    const double factor = options.separation / d;
    for_each_pair([&](float& a, float& b) { b = static_cast<float>(a + (double(b) - a) * factor); });
  }
  return log_growth / (static_cast<double>(measured) * dt);
}

}  // namespace flujo::train
