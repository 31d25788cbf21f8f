#include "run/hidden_states.hpp"

#include <cmath>

#include "flujo/core/error.hpp"
#include "run/free_run.hpp"

namespace flujo::run {
namespace {

std::unique_ptr<FreeRunStepper> stepper_of(Model& model, int64_t batch) {
  std::unique_ptr<FreeRunStepper> runner = model.stepper(batch);
  require(runner != nullptr, "this model cannot run free");
  return runner;
}

}  // namespace

FreeRun free_run_with_states(Model& model, const data::Series& normalised, int64_t look_back,
                             int64_t steps) {
  const int64_t channels = model.channels();
  const std::unique_ptr<FreeRunStepper> runner = stepper_of(model, 1);
  const int64_t width = runner->record_width();
  FreeRun run;
  run.predictions.resize(static_cast<size_t>(steps * channels));
  run.states.count = steps;
  run.states.width = width;
  run.states.hidden.resize(static_cast<size_t>(steps * width));
  runner->warm_up(gather_windows(normalised, 0, 1, look_back).view());
  for (int64_t s = 0; s < steps; ++s) {
    if (s > 0) runner->advance(1, TensorView{});
    for (int64_t c = 0; c < channels; ++c) run.predictions[s * channels + c] = runner->prediction()[c];
    runner->record(0, run.states.hidden.data() + s * width);
  }
  return run;
}

double free_run_lyapunov(Model& model, const data::Series& normalised, int64_t look_back,
                         double dt, const FreeRunLyapunovOptions& options) {
  require(normalised.time_steps() >= look_back, "free-run Lyapunov: the series is shorter than look_back");
  // Both trajectories warm up on the same true window; the second is then displaced.
  Tensor windows({2, look_back, model.channels()});
  const Tensor one = gather_windows(normalised, 0, 1, look_back);
  std::copy(one.data(), one.data() + one.numel(), windows.data());
  std::copy(one.data(), one.data() + one.numel(), windows.data() + one.numel());
  const std::unique_ptr<FreeRunStepper> runner = stepper_of(model, 2);
  runner->warm_up(windows.view());
  for (int64_t s = 0; s < options.transient; ++s) runner->advance(1, TensorView{});

  // The autonomous model's state is its stepper's state and the last prediction (the next
  // input). Visits each coordinate as a pair (reference, displaced) of the two trajectories; in
  // every (blocks, 2, width) state the displaced trajectory's block follows the reference's.
  const int64_t channels = model.channels();
  auto for_each_pair = [&](auto&& visit) {
    auto pairs = [&](TensorView state, int64_t blocks, int64_t width) {
      for (int64_t k = 0; k < blocks; ++k)
        for (int64_t i = 0; i < width; ++i) visit(state[(2 * k) * width + i], state[(2 * k + 1) * width + i]);
    };
    for (const StateBlocks& state : runner->state()) pairs(state.values, state.blocks, state.width);
    pairs(runner->prediction(), 1, channels);
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
    runner->advance(1, TensorView{});
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

}  // namespace flujo::run
