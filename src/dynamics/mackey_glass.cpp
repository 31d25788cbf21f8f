// The Mackey–Glass delay differential equation dx/dt = beta·x_τ / (1 + x_τ^n) − gamma·x, with
// x_τ = x(t − tau); integrated by DelayIntegrator from a constant history.
#include <cmath>
#include <string>

#include "systems.hpp"

namespace flujo::dynamics {
namespace {

class MackeyGlass final : public System {
 public:
  MackeyGlass()
      : System("mackey-glass", "Mackey-Glass delay equation (blood cell production)",
               {{"tau", 17.0, "delay", 0.01},
                {"beta", 0.2, "production rate", 0.0},
                {"gamma", 0.1, "decay rate", 0.0},
                {"n", 10.0, "Hill exponent", 1.0}},
               {.dt = 1.0, .transient = 500, .lyapunov_time = 20000, .seed_spread = 0.1}) {}
  SystemKind kind() const override { return SystemKind::delay; }
  int dimension() const override { return 1; }
  std::vector<std::string> coordinates() const override { return {"x"}; }
  std::vector<double> default_state() const override { return {1.2}; }
  double delay() const override { return p(0); }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    const double delayed_power = std::pow(s[1], p(3));
    out[0] = p(1) * s[1] / (1.0 + delayed_power) - p(2) * s[0];
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    const double delayed_power = std::pow(s[1], p(3));
    const double denominator = 1.0 + delayed_power;
    j[0] = -p(2);
    j[1] = p(1) * (1.0 + (1.0 - p(3)) * delayed_power) / (denominator * denominator);
  }
};

}  // namespace

std::unique_ptr<System> make_mackey_glass() { return std::make_unique<MackeyGlass>(); }

}  // namespace flujo::dynamics
