// RK4 integration of flows: fixed substeps (advance_flow) and the verified sampler.
#include "integrators.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::dynamics {

namespace {

constexpr int kMaxSubsteps = 1 << 20;

void advance_with(const System& flow, std::span<double> x, double dt, int substeps,
                  Rk4Scratch& scratch) {
  const auto field = [&flow](std::span<const double> state, std::span<double> out) {
    flow.evaluate(state, out);
  };
  const double h = dt / substeps;
  for (int step = 0; step < substeps; ++step) rk4_step(field, x, h, scratch);
}

bool all_finite(std::span<const double> x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace

void advance_flow(const System& flow, std::span<double> x, double dt, int substeps) {
  Rk4Scratch scratch(x.size());
  advance_with(flow, x, dt, substeps, scratch);
}

FlowSampler::FlowSampler(const System& flow, double dt, double tolerance)
    : flow_(flow), dt_(dt), tolerance_(tolerance), scratch_(flow.dimension()),
      coarse_(flow.dimension()), fine_(flow.dimension()) {}

void FlowSampler::advance(std::span<double> x) {
  for (;;) {
    std::copy(x.begin(), x.end(), coarse_.begin());
    std::copy(x.begin(), x.end(), fine_.begin());
    advance_with(flow_, coarse_, dt_, coarse_substeps_, scratch_);
    advance_with(flow_, fine_, dt_, 2 * coarse_substeps_, scratch_);
    if (!all_finite(fine_) || !all_finite(coarse_))
      throw Error(fmt::format("{}: the state diverged (no longer finite); check the parameters "
                              "and the initial state", flow_.name()));
    double difference = 0.0, scale = 1.0;
    for (size_t i = 0; i < fine_.size(); ++i) {
      difference = std::max(difference, std::abs(fine_[i] - coarse_[i]));
      scale = std::max(scale, std::abs(fine_[i]));
    }
    if (difference <= tolerance_ * scale) break;
    if (2 * coarse_substeps_ >= kMaxSubsteps)
      throw Error(fmt::format("{}: dt {} is too large: {} RK4 steps per sample still miss the "
                              "tolerance {}", flow_.name(), dt_, 2 * coarse_substeps_, tolerance_));
    coarse_substeps_ *= 2;
  }
  std::copy(fine_.begin(), fine_.end(), x.begin());
  flow_.wrap(x);
}

}  // namespace flujo::dynamics
