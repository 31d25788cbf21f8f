#pragma once
// Resolving and checking the options simulate and lyapunov_spectrum share: defaults filled in,
// user errors reported as flujo::Error naming the option and the value.
#include <cstdint>
#include <optional>
#include <vector>

#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

// The sample (or re-orthonormalisation) step: 0 → the system's default; maps accept only 1.
double resolve_step(const System& system, double step, const char* option);

// A span of time as a whole number of steps, rounded up; negative → fallback (the default).
int64_t whole_steps(const System& system, double time, double fallback, double step,
                    const char* option);

// The given state, or the default one; plus uniform noise of ±seed_spread when seeded.
std::vector<double> resolve_initial_state(const System& system, const std::vector<double>& given,
                                          std::optional<uint64_t> seed);

// Internal grid of a delay system: h = delay / steps_per_delay = dt / steps_per_sample, the
// coarsest such grid with h <= max_step.
struct DelayGrid {
  int64_t steps_per_delay;
  int64_t steps_per_sample;
};
DelayGrid resolve_delay_grid(const System& system, double dt, double max_step);

// Throws Error when x holds a NaN or infinity.
void require_finite_state(const System& system, std::span<const double> x, double time);

}  // namespace flujo::dynamics
