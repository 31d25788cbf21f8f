#pragma once
// RK4 for delay differential equations dx/dt = f(x(t), x(t − delay)) on a grid whose step h
// divides the delay, so x(t − delay) at the step's ends is a stored grid value; at the half step
// it is the cubic Hermite interpolant of the two neighbouring grid values and slopes (error
// O(h^4), matching RK4). The history is constant on [−delay, 0]; the slope jump it causes at t = 0
// sits on a grid point, where it does no harm.
#include <cstdint>
#include <span>
#include <vector>

#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

class DelayIntegrator {
 public:
  // h = system.delay() / steps_per_delay; steps_per_delay >= 1.
  DelayIntegrator(const System& system, std::span<const double> history, int64_t steps_per_delay);

  void step();  // advances by h
  std::span<const double> state() const;
  double step_size() const { return h_; }
  int64_t steps_taken() const { return now_; }

  // sqrt(h · Σ_j |x_j − y_j|²) over the stored window [t − delay, t]; both on the same grid.
  double distance(const DelayIntegrator& reference) const;
  // this = reference + factor · (this − reference), for the whole stored history and its slopes.
  void rescale_towards(const DelayIntegrator& reference, double factor);
  // Adds offset to every stored value: the whole history function shifted.
  void shift(double offset);

 private:
  size_t slot(int64_t grid) const;
  void evaluate(std::span<const double> x, std::span<const double> delayed, std::span<double> out);

  const System& system_;
  int dim_;
  int64_t window_;  // steps per delay, m
  double h_;
  std::vector<double> history_;
  std::vector<double> values_, slopes_;  // ring of the m + 1 grid points t − delay … t
  int64_t now_ = 0;                      // grid index of the current state
  std::vector<double> arguments_, delayed_start_, delayed_middle_, current_;
  std::vector<double> k1_, k2_, k3_, k4_, probe_;
};

}  // namespace flujo::dynamics
