// Sampling a trajectory of any built-in system after a discarded transient.
#include <cmath>
#include <fmt/format.h>

#include "delay_integrator.hpp"
#include "flujo/core/error.hpp"
#include "integrators.hpp"
#include "options.hpp"

namespace flujo::dynamics {

namespace {

constexpr int64_t kMaxStoredValues = int64_t{1} << 28;

// Calls record(sample) after the transient and after each further sample interval; advance()
// moves the state one interval on.
template <typename Advance, typename Record>
void run(int64_t transient_steps, int64_t samples, Advance advance, Record record) {
  for (int64_t step = 0; step < transient_steps; ++step) advance();
  for (int64_t sample = 0; sample < samples; ++sample) {
    if (sample > 0) advance();
    record(sample);
  }
}

}  // namespace

Trajectory simulate(const System& system, const SimulateOptions& options) {
  const int dim = system.dimension();
  require(options.samples >= 1 && options.samples <= kMaxStoredValues / dim,
          fmt::format("{}: samples = {}: must be between 1 and {}", system.name(),
                      options.samples, kMaxStoredValues / dim));
  require(std::isfinite(options.tolerance) && options.tolerance > 0.0,
          fmt::format("{}: tolerance = {}: must be a positive number", system.name(),
                      options.tolerance));
  const double dt = resolve_step(system, options.dt, "dt");
  const int64_t transient_steps =
      whole_steps(system, options.transient, system.defaults().transient, dt, "transient");
  std::vector<double> x = resolve_initial_state(system, options.initial_state, options.seed);

  Trajectory out;
  out.coordinates = system.coordinates();
  out.times.resize(options.samples);
  out.states.resize(static_cast<size_t>(options.samples) * dim);
  const auto record = [&](int64_t sample, std::span<const double> state) {
    out.times[sample] = static_cast<double>(sample) * dt;
    std::copy(state.begin(), state.end(), out.states.begin() + sample * dim);
  };

  switch (system.kind()) {
    case SystemKind::flow: {
      FlowSampler sampler(system, dt, options.tolerance);
      system.wrap(x);
      run(transient_steps, options.samples, [&] { sampler.advance(x); },
          [&](int64_t sample) { record(sample, x); });
      out.substeps = sampler.substeps();
      break;
    }
    case SystemKind::map: {
      std::vector<double> next(dim);
      int64_t iteration = 0;
      run(transient_steps, options.samples, [&] {
            system.evaluate(x, next);
            x.swap(next);
            require_finite_state(system, x, static_cast<double>(++iteration));
          },
          [&](int64_t sample) { record(sample, x); });
      break;
    }
    case SystemKind::delay: {
      const DelayGrid grid = resolve_delay_grid(system, dt, options.max_step);
      DelayIntegrator integrator(system, x, grid.steps_per_delay);
      run(transient_steps, options.samples, [&] {
            for (int64_t step = 0; step < grid.steps_per_sample; ++step) integrator.step();
            require_finite_state(system, integrator.state(),
                                 static_cast<double>(integrator.steps_taken()) * dt /
                                     static_cast<double>(grid.steps_per_sample));
          },
          [&](int64_t sample) { record(sample, integrator.state()); });
      out.substeps = static_cast<int>(grid.steps_per_sample);
      break;
    }
  }
  return out;
}

}  // namespace flujo::dynamics
