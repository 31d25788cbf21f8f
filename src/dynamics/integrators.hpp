#pragma once
// Classical fourth-order Runge–Kutta on any vector field, and the step-doubling sampler that
// picks the number of RK4 steps per sample interval of a flow (see include/flujo/dynamics.hpp).
#include <span>
#include <vector>

#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

// Scratch for rk4_step on vectors of one size, allocated once.
struct Rk4Scratch {
  explicit Rk4Scratch(size_t size) : k1(size), k2(size), k3(size), k4(size), probe(size) {}
  std::vector<double> k1, k2, k3, k4, probe;
};

// One RK4 step of dx/dt = field(x) with step h; field(std::span<const double>, std::span<double>).
template <typename Field>
void rk4_step(const Field& field, std::span<double> x, double h, Rk4Scratch& s) {
  const size_t n = x.size();
  field(x, std::span<double>(s.k1));
  for (size_t i = 0; i < n; ++i) s.probe[i] = x[i] + 0.5 * h * s.k1[i];
  field(std::span<const double>(s.probe), std::span<double>(s.k2));
  for (size_t i = 0; i < n; ++i) s.probe[i] = x[i] + 0.5 * h * s.k2[i];
  field(std::span<const double>(s.probe), std::span<double>(s.k3));
  for (size_t i = 0; i < n; ++i) s.probe[i] = x[i] + h * s.k3[i];
  field(std::span<const double>(s.probe), std::span<double>(s.k4));
  for (size_t i = 0; i < n; ++i)
    x[i] += h / 6.0 * (s.k1[i] + 2.0 * s.k2[i] + 2.0 * s.k3[i] + s.k4[i]);
}

// Advances a flow one sample interval dt at a time. Each interval is integrated with substeps and
// with 2·substeps RK4 steps; while the end states differ by more than tolerance·max(1, |x|∞) the
// substeps double. The finer result is kept. Substeps never decrease, so the run is deterministic.
class FlowSampler {
 public:
  FlowSampler(const System& flow, double dt, double tolerance);
  // Throws Error when the state stops being finite or no step count up to 2^20 reaches the
  // tolerance.
  void advance(std::span<double> x);
  // RK4 steps behind each kept sample: twice the count that passed the check.
  int substeps() const { return 2 * coarse_substeps_; }

 private:
  const System& flow_;
  double dt_, tolerance_;
  int coarse_substeps_ = 1;
  Rk4Scratch scratch_;
  std::vector<double> coarse_, fine_;
};

}  // namespace flujo::dynamics
