#include <algorithm>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::dynamics {
namespace {

constexpr double kTolerance = 1e-8;  // SimulateOptions' default per-interval agreement

double scaled_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double difference = 0.0, scale = 1.0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference = std::max(difference, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return difference / scale;
}

std::vector<double> sample(const Trajectory& path, int64_t index) {
  const auto begin = path.states.begin() + index * path.dimension();
  return {begin, begin + path.dimension()};
}

TEST(Integrators, Rk4IsFourthOrder) {
  const auto lorenz = make_system("lorenz");
  const std::vector<double> start{1.0, 2.0, 20.0};
  std::vector<double> reference = start;
  advance_flow(*lorenz, reference, 0.5, 6400);
  double previous_error = 0.0;
  for (int substeps : {50, 100, 200}) {
    std::vector<double> x = start;
    advance_flow(*lorenz, x, 0.5, substeps);
    const double error = scaled_difference(x, reference);
    // Halving h divides the error of a fourth-order method by 2^4 = 16.
    if (previous_error > 0.0) {
      EXPECT_NEAR(previous_error / error, 16.0, 2.0) << substeps;
    }
    previous_error = error;
  }
}

// The documented choice: from every sampled state of 20 time units of Lorenz at dt = 0.01, the
// interval integrated with the chosen step and with the step halved agree to the tolerance.
TEST(Integrators, LorenzSampleMapsAgreeAcrossStepSizes) {
  const auto lorenz = make_system("lorenz");
  const Trajectory path = simulate(*lorenz, {.samples = 2001, .dt = 0.01});
  ASSERT_EQ(path.substeps % 2, 0);
  EXPECT_GE(path.substeps, 4);
  double worst_finer = 0.0, worst_coarser = 0.0, worst_quarter = 0.0;
  for (int64_t i = 0; i + 1 < path.samples(); ++i) {
    const std::vector<double> next = sample(path, i + 1);
    std::vector<double> finer = sample(path, i), coarser = finer, quarter = finer;
    advance_flow(*lorenz, finer, 0.01, 2 * path.substeps);
    advance_flow(*lorenz, coarser, 0.01, path.substeps / 2);
    advance_flow(*lorenz, quarter, 0.01, path.substeps / 4);
    worst_finer = std::max(worst_finer, scaled_difference(finer, next));
    worst_coarser = std::max(worst_coarser, scaled_difference(coarser, next));
    worst_quarter = std::max(worst_quarter, scaled_difference(quarter, next));
  }
  EXPECT_LE(worst_finer, kTolerance);
  EXPECT_LE(worst_coarser, kTolerance);
  // The choice is not wasteful: one step count less would miss the tolerance somewhere.
  EXPECT_GT(worst_quarter, kTolerance / 16.0);
}

// Chaos limits how long two step sizes can agree on the whole path; over two time units the
// amplification is small and the paths, started from one state, agree to about the tolerance.
TEST(Integrators, LorenzShortHorizonAgreesWithFinerIntegration) {
  const auto lorenz = make_system("lorenz");
  const SimulateOptions options{.samples = 201, .dt = 0.01, .transient = 0};
  SimulateOptions finer = options;
  finer.tolerance = 1e-12;
  const Trajectory coarse = simulate(*lorenz, options), fine = simulate(*lorenz, finer);
  EXPECT_GT(fine.substeps, coarse.substeps);
  double worst = 0.0;
  for (int64_t i = 0; i < coarse.samples(); ++i)
    worst = std::max(worst, scaled_difference(sample(coarse, i), sample(fine, i)));
  EXPECT_LE(worst, 10 * kTolerance);
}

TEST(Integrators, MapSamplesAreSuccessiveIterates) {
  const auto henon = make_system("henon");
  const Trajectory path = simulate(*henon, {.samples = 50, .transient = 0});
  EXPECT_EQ(sample(path, 0), henon->default_state());
  std::vector<double> next(2);
  for (int64_t i = 0; i + 1 < path.samples(); ++i) {
    henon->evaluate(sample(path, i), next);
    EXPECT_EQ(next, sample(path, i + 1)) << i;
  }
  EXPECT_DOUBLE_EQ(path.times[49], 49.0);
}

TEST(Integrators, SameSeedSameTrajectory) {
  const auto rossler = make_system("rossler");
  const SimulateOptions options{.samples = 300, .seed = 7};
  const Trajectory first = simulate(*rossler, options), second = simulate(*rossler, options);
  EXPECT_EQ(first.states, second.states);
  const Trajectory other = simulate(*rossler, {.samples = 300, .seed = 8});
  EXPECT_NE(first.states, other.states);
  EXPECT_DOUBLE_EQ(first.times[10], 10 * rossler->defaults().dt);
}

TEST(Integrators, PendulumSamplesStayWrapped) {
  const Trajectory path = simulate(*make_system("pendulum"), {.samples = 2000});
  for (int64_t i = 0; i < path.samples(); ++i) {
    EXPECT_GE(path.at(i, 0), -std::numbers::pi);
    EXPECT_LT(path.at(i, 0), std::numbers::pi);
    EXPECT_GE(path.at(i, 2), 0.0);
    EXPECT_LT(path.at(i, 2), 2.0 * std::numbers::pi);
  }
}

TEST(Integrators, BadOptionsThrow) {
  const auto lorenz = make_system("lorenz");
  EXPECT_THROW(simulate(*lorenz, {.samples = 0}), Error);
  EXPECT_THROW(simulate(*lorenz, {.samples = 10, .dt = -0.01}), Error);
  EXPECT_THROW(simulate(*lorenz, {.samples = 10, .transient = std::nan("")}), Error);
  EXPECT_THROW(simulate(*lorenz, {.samples = 10, .initial_state = {1.0, 2.0}}), Error);
  EXPECT_THROW(simulate(*lorenz, {.samples = 10, .tolerance = 0}), Error);
  EXPECT_THROW(simulate(*make_system("henon"), {.samples = 10, .dt = 0.5}), Error);
  const auto logistic = make_system("logistic");
  logistic->set_parameter("r", 4.5);  // orbits leave [0, 1] and run off to −∞
  try {
    simulate(*logistic, {.samples = 10000});
    FAIL() << "a diverging orbit was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("diverged"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flujo::dynamics
