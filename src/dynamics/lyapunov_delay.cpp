#include "lyapunov_delay.hpp"

#include <algorithm>
#include <cmath>

#include "delay_integrator.hpp"
#include "options.hpp"

namespace flujo::dynamics {

double delay_log_growth(const System& system, const std::vector<double>& history, double interval,
                        double max_step, int64_t transient_steps, int64_t steps) {
  // Small enough to stay linear for thousands of time units of growth at λ ~ 0.01, large
  // enough to sit far above rounding of values of order one.
  constexpr double kSeparation = 1e-8;
  const DelayGrid grid = resolve_delay_grid(system, interval, max_step);
  DelayIntegrator reference(system, history, grid.steps_per_delay);
  const auto advance = [&grid](DelayIntegrator& integrator) {
    for (int64_t step = 0; step < grid.steps_per_sample; ++step) integrator.step();
  };
  // At least one delay of transient, so the stored window no longer holds the initial history.
  const auto window_steps = static_cast<int64_t>(std::ceil(system.delay() / interval - 1e-9));
  for (int64_t step = 0; step < std::max(transient_steps, window_steps); ++step)
    advance(reference);
  require_finite_state(system, reference.state(), 0.0);

  DelayIntegrator perturbed = reference;
  perturbed.shift(1.0);  // a uniform shift of the history, then scaled down to kSeparation
  perturbed.rescale_towards(reference, kSeparation / perturbed.distance(reference));
  double log_growth = 0.0;
  for (int64_t step = 0; step < steps; ++step) {
    advance(reference);
    advance(perturbed);
    const double separation = perturbed.distance(reference);
    log_growth += std::log(separation / kSeparation);
    perturbed.rescale_towards(reference, kSeparation / separation);
  }
  require_finite_state(system, reference.state(), static_cast<double>(steps) * interval);
  return log_growth;
}

}  // namespace flujo::dynamics
