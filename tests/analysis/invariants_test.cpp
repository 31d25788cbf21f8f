#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::analysis {
namespace {

// Grassberger–Procaccia on a few thousand points: the known dimensions within sampling error
// (edge effects bias a filled square low by a few percent at the default quantiles; a circle and a
// flat torus have no edges).
constexpr double kLineTolerance = 0.05;
constexpr double kSurfaceTolerance = 0.1;
constexpr double kClosedSurfaceTolerance = 0.05;
// Lorenz: D2 = 2.05 ± 0.01 (Grassberger & Procaccia 1983). 200 time units at dt 0.01 (what
// `flujo analyze` measures) give 2.05–2.07 over seeds with the defaults.
constexpr double kLorenzDimension = 2.05;
constexpr double kLorenzTolerance = 0.05;

dynamics::Trajectory lorenz(int64_t samples, uint64_t seed, double dt = 0.01) {
  const auto system = dynamics::make_system("lorenz");
  return dynamics::simulate(*system, {.samples = samples, .dt = dt, .seed = seed});
}

std::vector<double> coordinate(const dynamics::Trajectory& path, int axis) {
  std::vector<double> x(path.samples());
  for (int64_t t = 0; t < path.samples(); ++t) x[t] = path.at(t, axis);
  return x;
}

std::vector<double> uniform_points(int64_t rows, int64_t dims, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> x(rows * dims);
  for (double& v : x) v = rng.uniform();
  return x;
}

std::vector<double> sine(int64_t samples, double period, double phase = 0.0) {
  std::vector<double> x(samples);
  for (int64_t t = 0; t < samples; ++t)
    x[t] = std::sin(2.0 * std::numbers::pi * static_cast<double>(t) / period + phase);
  return x;
}

// The point (cos a, sin a, cos b, sin b) of the flat torus in R⁴ (a closed 2-D surface), with
// a = 2π·u + shift and b = 2π·v.
void push_torus_point(std::vector<double>& points, double u, double v, double shift = 0.0) {
  const double a = 2 * std::numbers::pi * u + shift, b = 2 * std::numbers::pi * v;
  points.insert(points.end(), {std::cos(a), std::sin(a), std::cos(b), std::sin(b)});
}

TEST(CorrelationDimension, LineSegmentIsOne) {
  const std::vector<double> x = uniform_points(3000, 1, 1);
  EXPECT_NEAR(correlation_dimension(x.data(), 3000, 1, {.theiler_window = 0}), 1.0,
              kLineTolerance);
}

TEST(CorrelationDimension, CircleIsOne) {
  const std::vector<double> angle = uniform_points(3000, 1, 4);
  std::vector<double> circle;
  for (double u : angle) {
    const double a = 2 * std::numbers::pi * u;
    circle.insert(circle.end(), {std::cos(a), std::sin(a)});
  }
  EXPECT_NEAR(correlation_dimension(circle.data(), 3000, 2, {.theiler_window = 0}), 1.0,
              kLineTolerance);
}

TEST(CorrelationDimension, FilledSquareIsTwo) {
  const std::vector<double> x = uniform_points(3000, 2, 2);
  EXPECT_NEAR(correlation_dimension(x.data(), 3000, 2, {.theiler_window = 0}), 2.0,
              kSurfaceTolerance);
}

TEST(CorrelationDimension, FlatTorusIsTwo) {
  const std::vector<double> angles = uniform_points(3000, 2, 5);
  std::vector<double> torus;
  for (int64_t i = 0; i < 3000; ++i)
    push_torus_point(torus, angles[2 * i], angles[2 * i + 1]);
  EXPECT_NEAR(correlation_dimension(torus.data(), 3000, 4, {.theiler_window = 0}), 2.0,
              kClosedSurfaceTolerance);
}

// A finely sampled trajectory's own neighbours in time lie along a curve: pairs from the same
// stretch make C(r) grow like r at small r. Here the torus is visited in bursts of 10 points 0.005
// rad apart: counting those pairs pulls the estimate down to ≈1.7; a Theiler window of one burst
// removes them and gives 2 back.
TEST(CorrelationDimension, TheilerWindowRemovesNeighboursInTime) {
  constexpr int64_t kBurst = 10, kRows = 4000;
  const std::vector<double> angles = uniform_points(kRows / kBurst, 2, 6);
  std::vector<double> bursts;
  for (int64_t i = 0; i < kRows / kBurst; ++i)
    for (int64_t k = 0; k < kBurst; ++k)
      push_torus_point(bursts, angles[2 * i], angles[2 * i + 1], 0.005 * static_cast<double>(k));
  const CorrelationDimensionOptions every_row{.max_points = kRows, .theiler_window = 0};
  CorrelationDimensionOptions windowed = every_row;
  windowed.theiler_window = kBurst;
  const double without = correlation_dimension(bursts.data(), kRows, 4, every_row);
  const double with = correlation_dimension(bursts.data(), kRows, 4, windowed);
  EXPECT_LT(without, 1.8);
  EXPECT_NEAR(with, 2.0, kSurfaceTolerance);
}

TEST(CorrelationDimension, LorenzAttractorWithDefaults) {
  for (uint64_t seed : {1, 2}) {
    const dynamics::Trajectory path = lorenz(20000, seed);
    EXPECT_NEAR(correlation_dimension(path.states.data(), path.samples(), 3, {}), kLorenzDimension,
                kLorenzTolerance)
        << "seed " << seed;
  }
}

TEST(CorrelationDimension, RejectsBadInput) {
  std::vector<double> x = uniform_points(100, 2, 3);
  EXPECT_THROW(correlation_dimension(x.data(), 100, 2, {.low_quantile = 0.2}), Error);
  EXPECT_THROW(correlation_dimension(x.data(), 1, 2, {}), Error);
  x[17] = std::nan("");
  EXPECT_THROW(correlation_dimension(x.data(), 100, 2, {}), Error);
}

TEST(StateSpaceDivergence, SmallForIndependentLorenzLargeForSine) {
  const std::vector<double> a = coordinate(lorenz(20000, 1), 0);
  const std::vector<double> b = coordinate(lorenz(20000, 2), 0);
  EXPECT_EQ(state_space_divergence(a, a, 10), 0.0);
  const double same = state_space_divergence(a, b, 10);
  std::vector<double> wave = sine(20000, 75.0);
  for (double& v : wave) v *= 15.0;
  const double different = state_space_divergence(a, wave, 10);
  EXPECT_LT(same, 0.2);
  EXPECT_GT(different, 1.0);
}

TEST(StateSpaceDivergence, RejectsBadInput) {
  const std::vector<double> a = sine(100, 10.0);
  EXPECT_THROW(state_space_divergence(a, a, 0), Error);
  EXPECT_THROW(state_space_divergence(a, a, 60), Error);
  std::vector<double> b = a;
  b[5] = INFINITY;
  EXPECT_THROW(state_space_divergence(a, b, 2), Error);
}

TEST(PowerSpectrumHellinger, ZeroForIdenticalAndAffinelyRescaledSeries) {
  const std::vector<double> a = coordinate(lorenz(8000, 1), 0);
  std::vector<double> rescaled = a;
  for (double& v : rescaled) v = 3.0 * v + 7.0;
  EXPECT_LT(power_spectrum_hellinger(a, a), 1e-6);
  EXPECT_LT(power_spectrum_hellinger(a, rescaled), 1e-6);
}

TEST(PowerSpectrumHellinger, SinesOfOneFrequencyMatchFarFrequenciesDoNot) {
  const double same = power_spectrum_hellinger(sine(8192, 64.0), sine(8192, 64.0, 1.0));
  const double far = power_spectrum_hellinger(sine(8192, 64.0), sine(8192, 4.0));
  EXPECT_LT(same, 0.01);
  EXPECT_GT(far, 0.99);
}

TEST(PowerSpectrumHellinger, SmallForIndependentLorenzLargeForWhiteNoise) {
  const std::vector<double> a = coordinate(lorenz(20000, 1), 0);
  const std::vector<double> b = coordinate(lorenz(20000, 2), 0);
  Rng rng(5);
  std::vector<double> noise(20000);
  for (double& v : noise) v = rng.normal();
  const double same = power_spectrum_hellinger(a, b);
  const double different = power_spectrum_hellinger(a, noise);
  EXPECT_LT(same, 0.1);
  EXPECT_GT(different, 0.5);
}

TEST(PowerSpectrumHellinger, RejectsBadInput) {
  const std::vector<double> a = sine(1000, 10.0);
  EXPECT_THROW(power_spectrum_hellinger(a, sine(100, 10.0)), Error);
  EXPECT_THROW(power_spectrum_hellinger(a, a, 0.0), Error);
}

}  // namespace
}  // namespace flujo::analysis
