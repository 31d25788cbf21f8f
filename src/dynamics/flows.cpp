// The built-in ordinary differential equations: Lorenz-63, Rössler, Lorenz-96, van der Pol and the
// damped driven pendulum. Each gives dx/dt and its Jacobian in closed form.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "systems.hpp"

namespace flujo::dynamics {
namespace {

class Flow : public System {
 public:
  using System::System;
  SystemKind kind() const override { return SystemKind::flow; }
};

class Lorenz final : public Flow {
 public:
  Lorenz()
      : Flow("lorenz", "Lorenz-63 convection model, the butterfly attractor",
             {{"sigma", 10.0, "Prandtl number", 0.0},
              {"rho", 28.0, "Rayleigh number", 0.0},
              {"beta", 8.0 / 3.0, "aspect ratio", 0.0}},
             {.dt = 0.01, .transient = 20, .lyapunov_time = 1000, .seed_spread = 1.0}) {}
  int dimension() const override { return 3; }
  std::vector<std::string> coordinates() const override { return {"x", "y", "z"}; }
  std::vector<double> default_state() const override { return {1.0, 1.0, 1.0}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    const double x = s[0], y = s[1], z = s[2];
    out[0] = p(0) * (y - x);
    out[1] = x * (p(1) - z) - y;
    out[2] = x * y - p(2) * z;
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    const double x = s[0], y = s[1], z = s[2];
    j[0] = -p(0), j[1] = p(0), j[2] = 0.0;
    j[3] = p(1) - z, j[4] = -1.0, j[5] = -x;
    j[6] = y, j[7] = x, j[8] = -p(2);
  }
};

class Rossler final : public Flow {
 public:
  Rossler()
      : Flow("rossler", "Rössler attractor, a folded band",
             {{"a", 0.2, "y self-feedback", kUnbounded},
              {"b", 0.2, "z offset", kUnbounded},
              {"c", 5.7, "z threshold", kUnbounded}},
             {.dt = 0.05, .transient = 200, .lyapunov_time = 20000, .seed_spread = 1.0}) {}
  int dimension() const override { return 3; }
  std::vector<std::string> coordinates() const override { return {"x", "y", "z"}; }
  std::vector<double> default_state() const override { return {1.0, 1.0, 1.0}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    const double x = s[0], y = s[1], z = s[2];
    out[0] = -y - z;
    out[1] = x + p(0) * y;
    out[2] = p(1) + z * (x - p(2));
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    const double x = s[0], z = s[2];
    j[0] = 0.0, j[1] = -1.0, j[2] = -1.0;
    j[3] = 1.0, j[4] = p(0), j[5] = 0.0;
    j[6] = z, j[7] = 0.0, j[8] = x - p(2);
  }
};

// dx_i/dt = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + F on a ring of N sites.
class Lorenz96 final : public Flow {
 public:
  Lorenz96()
      : Flow("lorenz96", "Lorenz-96 ring of N sites with forcing F",
             {{"n", 6.0, "number of sites", 4.0, true}, {"forcing", 8.0, "forcing F", kUnbounded}},
             {.dt = 0.01, .transient = 20, .lyapunov_time = 500, .seed_spread = 1.0}) {}
  int dimension() const override { return static_cast<int>(p(0)); }
  std::vector<std::string> coordinates() const override {
    std::vector<std::string> names;
    for (int i = 1; i <= dimension(); ++i) names.push_back("x" + std::to_string(i));
    return names;
  }
  // The uniform state x_i = F is a fixed point; a nudge on the first site starts the chaos.
  std::vector<double> default_state() const override {
    std::vector<double> state(dimension(), p(1));
    state[0] += 0.01;
    return state;
  }
  void evaluate(std::span<const double> x, std::span<double> out) const override {
    const int n = dimension();
    for (int i = 0; i < n; ++i)
      out[i] = (x[(i + 1) % n] - x[(i + n - 2) % n]) * x[(i + n - 1) % n] - x[i] + p(1);
  }
  void jacobian(std::span<const double> x, std::span<double> j) const override {
    const int n = dimension();
    std::fill(j.begin(), j.begin() + n * n, 0.0);
    for (int i = 0; i < n; ++i) {
      const int next = (i + 1) % n, back2 = (i + n - 2) % n, back1 = (i + n - 1) % n;
      double* row = j.data() + static_cast<size_t>(i) * n;
      row[next] += x[back1];
      row[back2] -= x[back1];
      row[back1] += x[next] - x[back2];
      row[i] -= 1.0;
    }
  }
};

class VanDerPol final : public Flow {
 public:
  VanDerPol()
      : Flow("van-der-pol", "van der Pol relaxation oscillator (x'' = mu (1 - x^2) x' - x)",
             {{"mu", 1.5, "nonlinear damping", 0.0}},
             {.dt = 0.05, .transient = 50, .lyapunov_time = 1000, .seed_spread = 0.5}) {}
  int dimension() const override { return 2; }
  std::vector<std::string> coordinates() const override { return {"x", "y"}; }
  std::vector<double> default_state() const override { return {2.0, 0.0}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    const double x = s[0], y = s[1];
    out[0] = y;
    out[1] = p(0) * (1.0 - x * x) * y - x;
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    const double x = s[0], y = s[1];
    j[0] = 0.0, j[1] = 1.0;
    j[2] = -2.0 * p(0) * x * y - 1.0, j[3] = p(0) * (1.0 - x * x);
  }
};

// theta'' + damping·theta' + sin theta = drive·cos(phase), phase' = frequency: made autonomous by
// carrying the drive's phase as a coordinate.
class Pendulum final : public Flow {
 public:
  Pendulum()
      : Flow("pendulum", "damped driven pendulum (chaotic regime)",
             {{"damping", 0.5, "friction coefficient", 0.0},
              {"drive", 1.5, "drive amplitude", kUnbounded},
              {"frequency", 2.0 / 3.0, "drive angular frequency", 0.0}},
             {.dt = 0.05, .transient = 200, .lyapunov_time = 5000, .seed_spread = 0.5}) {}
  int dimension() const override { return 3; }
  std::vector<std::string> coordinates() const override { return {"theta", "omega", "phase"}; }
  std::vector<double> default_state() const override { return {0.2, 0.0, 0.0}; }
  void evaluate(std::span<const double> s, std::span<double> out) const override {
    out[0] = s[1];
    out[1] = -p(0) * s[1] - std::sin(s[0]) + p(1) * std::cos(s[2]);
    out[2] = p(2);
  }
  void jacobian(std::span<const double> s, std::span<double> j) const override {
    j[0] = 0.0, j[1] = 1.0, j[2] = 0.0;
    j[3] = -std::cos(s[0]), j[4] = -p(0), j[5] = -p(1) * std::sin(s[2]);
    j[6] = 0.0, j[7] = 0.0, j[8] = 0.0;
  }
  // theta into [−π, π), phase into [0, 2π).
  void wrap(std::span<double> s) const override {
    constexpr double two_pi = 2.0 * std::numbers::pi;
    s[0] -= two_pi * std::floor((s[0] + std::numbers::pi) / two_pi);
    s[2] -= two_pi * std::floor(s[2] / two_pi);
  }
};

}  // namespace

std::unique_ptr<System> make_lorenz() { return std::make_unique<Lorenz>(); }
std::unique_ptr<System> make_rossler() { return std::make_unique<Rossler>(); }
std::unique_ptr<System> make_lorenz96() { return std::make_unique<Lorenz96>(); }
std::unique_ptr<System> make_van_der_pol() { return std::make_unique<VanDerPol>(); }
std::unique_ptr<System> make_pendulum() { return std::make_unique<Pendulum>(); }

}  // namespace flujo::dynamics
