// The built-in maps: Hénon and logistic. Each gives the next state and its Jacobian.
#include <string>

#include "systems.hpp"

namespace flujo::dynamics {
namespace {

class Map : public System {
 public:
  using System::System;
  SystemKind kind() const override { return SystemKind::map; }
};

class Henon final : public Map {
 public:
  Henon()
      : Map("henon", "Hénon map (x, y) -> (1 - a x^2 + y, b x)",
            {{"a", 1.4, "nonlinearity", kUnbounded}, {"b", 0.3, "contraction", kUnbounded}},
            {.dt = 1, .transient = 100, .lyapunov_time = 200000, .seed_spread = 0.01}) {}
  int dimension() const override { return 2; }
  std::vector<std::string> coordinates() const override { return {"x", "y"}; }
  std::vector<double> default_state() const override { return {0.1, 0.1}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    const double x = s[0], y = s[1];
    out[0] = 1.0 - p(0) * x * x + y;
    out[1] = p(1) * x;
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    j[0] = -2.0 * p(0) * s[0], j[1] = 1.0;
    j[2] = p(1), j[3] = 0.0;
  }
};

class Logistic final : public Map {
 public:
  Logistic()
      : Map("logistic", "logistic map x -> r x (1 - x)", {{"r", 4.0, "growth rate", 0.0}},
            {.dt = 1, .transient = 100, .lyapunov_time = 1000000, .seed_spread = 0.1}) {}
  int dimension() const override { return 1; }
  std::vector<std::string> coordinates() const override { return {"x"}; }
  std::vector<double> default_state() const override { return {0.3}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    out[0] = p(0) * s[0] * (1.0 - s[0]);
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    j[0] = p(0) * (1.0 - 2.0 * s[0]);
  }
};

}  // namespace

std::unique_ptr<System> make_henon() { return std::make_unique<Henon>(); }
std::unique_ptr<System> make_logistic() { return std::make_unique<Logistic>(); }

}  // namespace flujo::dynamics
