#include "options.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"

namespace flujo::dynamics {

double resolve_step(const System& system, double step, const char* option) {
  if (step == 0.0) return system.defaults().dt;
  require(std::isfinite(step) && step > 0.0,
          fmt::format("{}: {} = {}: must be a positive number", system.name(), option, step));
  require(system.kind() != SystemKind::map || step == 1.0,
          fmt::format("{}: {} = {}: {} is a map, its step is one iteration (1)", system.name(),
                      option, step, system.name()));
  return step;
}

int64_t whole_steps(const System& system, double time, double fallback, double step,
                    const char* option) {
  if (time < 0.0) time = fallback;
  require(std::isfinite(time),
          fmt::format("{}: {} = {}: must be a finite number", system.name(), option, time));
  const double steps = std::ceil(time / step - 1e-9);
  require(steps <= 1e12, fmt::format("{}: {} = {}: too long ({} steps of {})", system.name(),
                                     option, time, steps, step));
  return static_cast<int64_t>(std::max(steps, 0.0));
}

std::vector<double> resolve_initial_state(const System& system, const std::vector<double>& given,
                                          std::optional<uint64_t> seed) {
  std::vector<double> state = given.empty() ? system.default_state() : given;
  require(static_cast<int>(state.size()) == system.dimension(),
          fmt::format("{}: initial state has {} values, the system has dimension {}",
                      system.name(), state.size(), system.dimension()));
  require(std::all_of(state.begin(), state.end(), [](double v) { return std::isfinite(v); }),
          fmt::format("{}: initial state holds a non-finite value", system.name()));
  if (seed) {
    Rng rng(*seed);
    const double spread = system.defaults().seed_spread;
    for (double& value : state) value += rng.uniform(-spread, spread);
  }
  return state;
}

DelayGrid resolve_delay_grid(const System& system, double dt, double max_step) {
  require(std::isfinite(max_step) && max_step > 0.0,
          fmt::format("{}: max_step = {}: must be a positive number", system.name(), max_step));
  const double delay = system.delay();
  // A common grid at most 100 times finer than max_step; beyond that the history buffer and
  // the work grow without bound, and an irrational ratio would only ever be approximated.
  constexpr int64_t kMaxRefinement = 100;
  const auto first = static_cast<int64_t>(std::max(1.0, std::ceil(delay / max_step - 1e-9)));
  for (int64_t steps_per_delay = first; steps_per_delay <= kMaxRefinement * first;
       ++steps_per_delay) {
    const double steps_per_sample = dt * static_cast<double>(steps_per_delay) / delay;
    const double whole = std::round(steps_per_sample);
    if (whole >= 1.0 && std::abs(steps_per_sample - whole) <= 1e-9 * whole)
      return {steps_per_delay, static_cast<int64_t>(whole)};
  }
  throw Error(fmt::format("{}: dt = {}: no internal step between {} and {} divides both dt and "
                          "the delay {}; choose dt as a simple fraction or multiple of the delay",
                          system.name(), dt, max_step / kMaxRefinement, max_step,
                          delay));
}

void require_finite_state(const System& system, std::span<const double> x, double time) {
  require(std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); }),
          fmt::format("{}: the state diverged (no longer finite) at t = {}; check the parameters "
                      "and the initial state", system.name(), time));
}

}  // namespace flujo::dynamics
