#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::dynamics {
namespace {

// Central differences in double: truncation O(h²) ~ 1e-12·|f'''|, rounding ~1e-16·|f|/h ~ 1e-10.
constexpr double kDifferenceStep = 1e-6;
constexpr double kJacobianTolerance = 1e-6;

// A point where every system is defined and away from special values: default state plus noise;
// delay systems get a positive delayed value too.
std::vector<double> probe_point(const System& system, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> x = system.default_state();
  if (system.kind() == SystemKind::delay) x.insert(x.end(), x.begin(), x.end());
  for (double& value : x) value += rng.uniform(-0.1, 0.1) * std::max(1.0, std::abs(value));
  return x;
}

TEST(Systems, JacobianMatchesFiniteDifferences) {
  for (const std::string& name : system_names()) {
    const auto system = make_system(name);
    const int rows = system->dimension(), columns = system->argument_size();
    for (uint64_t seed = 1; seed <= 3; ++seed) {
      std::vector<double> x = probe_point(*system, seed);
      ASSERT_EQ(static_cast<int>(x.size()), columns) << name;
      std::vector<double> jac(static_cast<size_t>(rows) * columns), plus(rows), minus(rows);
      system->jacobian(x, jac);
      for (int k = 0; k < columns; ++k) {
        const double saved = x[k];
        x[k] = saved + kDifferenceStep;
        system->evaluate(x, plus);
        x[k] = saved - kDifferenceStep;
        system->evaluate(x, minus);
        x[k] = saved;
        for (int i = 0; i < rows; ++i) {
          const double numeric = (plus[i] - minus[i]) / (2.0 * kDifferenceStep);
          EXPECT_NEAR(jac[static_cast<size_t>(i) * columns + k], numeric,
                      kJacobianTolerance * std::max(1.0, std::abs(numeric)))
              << name << " d out[" << i << "] / d x[" << k << "], seed " << seed;
        }
      }
    }
  }
}

TEST(Systems, DerivativesMatchHandComputation) {
  std::vector<double> out(3);
  make_system("lorenz")->evaluate(std::vector<double>{1, 2, 3}, out);
  EXPECT_DOUBLE_EQ(out[0], 10.0);                 // σ (y − x)
  EXPECT_DOUBLE_EQ(out[1], 1.0 * (28 - 3) - 2);   // x (ρ − z) − y
  EXPECT_DOUBLE_EQ(out[2], 2.0 - 8.0 / 3.0 * 3);  // x y − β z
  make_system("rossler")->evaluate(std::vector<double>{1, 2, 3}, out);
  EXPECT_DOUBLE_EQ(out[0], -5.0);
  EXPECT_DOUBLE_EQ(out[1], 1.0 + 0.2 * 2);
  EXPECT_DOUBLE_EQ(out[2], 0.2 + 3 * (1 - 5.7));
  std::vector<double> next(2);
  make_system("henon")->evaluate(std::vector<double>{0.5, 0.2}, next);
  EXPECT_DOUBLE_EQ(next[0], 1.0 - 1.4 * 0.25 + 0.2);
  EXPECT_DOUBLE_EQ(next[1], 0.3 * 0.5);
  std::vector<double> logistic(1);
  make_system("logistic")->evaluate(std::vector<double>{0.25}, logistic);
  EXPECT_DOUBLE_EQ(logistic[0], 4.0 * 0.25 * 0.75);
  std::vector<double> delay(1);
  make_system("mackey-glass")->evaluate(std::vector<double>{0.5, 1.0}, delay);
  EXPECT_DOUBLE_EQ(delay[0], 0.2 * 1.0 / 2.0 - 0.1 * 0.5);
  // Lorenz-96 at the uniform state x_i = F is at rest.
  const auto ring = make_system("lorenz96");
  std::vector<double> uniform(6, 8.0), rate(6);
  ring->evaluate(uniform, rate);
  for (double r : rate) EXPECT_DOUBLE_EQ(r, 0.0);
}

TEST(Systems, DescriptionsAreConsistent) {
  const std::vector<std::string> names = system_names();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  EXPECT_EQ(names.size(), 8u);
  for (const std::string& name : names) {
    const auto system = make_system(name);
    EXPECT_EQ(system->name(), name);
    EXPECT_EQ(static_cast<int>(system->coordinates().size()), system->dimension()) << name;
    EXPECT_EQ(static_cast<int>(system->default_state().size()), system->dimension()) << name;
    EXPECT_GT(system->defaults().dt, 0.0) << name;
    if (system->kind() == SystemKind::map) {
      EXPECT_EQ(system->defaults().dt, 1.0) << name;
    }
    EXPECT_EQ(system->kind() == SystemKind::delay, system->delay() > 0.0) << name;
  }
  EXPECT_EQ(make_system("lorenz")->coordinates(), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Systems, UnknownSystemIsNamed) {
  try {
    make_system("lorentz");
    FAIL() << "unknown system accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'lorentz'"), std::string::npos) << e.what();
  }
}

TEST(Systems, ParametersAreCheckedAndApplied) {
  const auto lorenz = make_system("lorenz");
  lorenz->set_parameter("rho", 99.5);
  EXPECT_DOUBLE_EQ(lorenz->parameter("rho"), 99.5);
  std::vector<double> out(3);
  lorenz->evaluate(std::vector<double>{1, 0, 0}, out);
  EXPECT_DOUBLE_EQ(out[1], 99.5);
  EXPECT_THROW(lorenz->set_parameter("gamma", 1.0), Error);
  EXPECT_THROW(lorenz->set_parameter("sigma", std::nan("")), Error);
  EXPECT_THROW(lorenz->parameter("gamma"), Error);

  const auto ring = make_system("lorenz96");
  ring->set_parameter("n", 10);
  EXPECT_EQ(ring->dimension(), 10);
  EXPECT_EQ(ring->coordinates().back(), "x10");
  EXPECT_THROW(ring->set_parameter("n", 3), Error);    // below the minimum
  EXPECT_THROW(ring->set_parameter("n", 7.5), Error);  // not whole
  try {
    make_system("mackey-glass")->set_parameter("tau", -1);
    FAIL() << "negative delay accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tau"), std::string::npos) << e.what();
  }
}

TEST(Systems, PendulumWrapsAnglesOnly) {
  const auto pendulum = make_system("pendulum");
  std::vector<double> x{7.0, 3.0, -1.0};
  pendulum->wrap(x);
  EXPECT_NEAR(x[0], 7.0 - 2.0 * std::numbers::pi, 1e-15);
  EXPECT_DOUBLE_EQ(x[1], 3.0);
  EXPECT_NEAR(x[2], 2.0 * std::numbers::pi - 1.0, 1e-15);
}

}  // namespace
}  // namespace flujo::dynamics
