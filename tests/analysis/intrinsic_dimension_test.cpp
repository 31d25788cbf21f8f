// The Levina–Bickel intrinsic dimension: a curve, a plane and a solid embedded in 8-D read 1, 2
// and 3; the Theiler window keeps a densely sampled trajectory from reading as a curve; duplicate
// points and bad options are handled.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::analysis {
namespace {

constexpr int64_t kAmbient = 8;
// The MLE's spread on 2000 uniform points, over seeds (Levina & Bickel's Fig. 1: ±5% at this
// size); the header promises these bounds.
constexpr double kCurveTolerance = 0.05, kPlaneTolerance = 0.1, kSolidTolerance = 0.2;

// Points u (rows, d) placed in 8-D by a fixed Gaussian mixing matrix (full rank d), so that no
// coordinate axis is the manifold's.
std::vector<double> embed(const std::vector<double>& u, int64_t d) {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal;
  std::vector<double> mixing(static_cast<size_t>(kAmbient * d));
  for (double& m : mixing) m = normal(rng);
  const int64_t rows = static_cast<int64_t>(u.size()) / d;
  std::vector<double> out(static_cast<size_t>(rows * kAmbient), 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t a = 0; a < kAmbient; ++a)
      for (int64_t j = 0; j < d; ++j) out[r * kAmbient + a] += mixing[a * d + j] * u[r * d + j];
  return out;
}

std::vector<double> uniform(int64_t rows, int64_t d, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> u(static_cast<size_t>(rows * d));
  for (double& v : u) v = unit(rng);
  return u;
}

TEST(IntrinsicDimension, ReadsTheDimensionOfACurveAPlaneAndASolidIn8D) {
  const IntrinsicDimensionOptions iid{.theiler_window = 0};  // independent samples: no time order
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> turn(0.0, 2 * std::numbers::pi);
    std::vector<double> circle;
    for (int i = 0; i < 2000; ++i) {
      const double a = turn(rng);
      circle.insert(circle.end(), {std::cos(a), std::sin(a)});
    }
    const std::vector<double> curve = embed(circle, 2);
    EXPECT_NEAR(intrinsic_dimension(curve.data(), 2000, kAmbient, iid), 1.0, kCurveTolerance) << seed;
    const std::vector<double> plane = embed(uniform(2000, 2, seed), 2);
    EXPECT_NEAR(intrinsic_dimension(plane.data(), 2000, kAmbient, iid), 2.0, kPlaneTolerance) << seed;
    const std::vector<double> solid = embed(uniform(2000, 3, seed), 3);
    EXPECT_NEAR(intrinsic_dimension(solid.data(), 2000, kAmbient, iid), 3.0, kSolidTolerance) << seed;
  }
}

// Lorenz-63 over 150 time units reads its attractor's dimension (about 2.06; Grassberger &
// Procaccia's correlation dimension is 2.05 ± 0.01). Six time units sampled every 0.002 read as
// little more than a curve when a point's neighbours may be its own stretch of orbit; the
// Theiler window moves them to the other passes.
TEST(IntrinsicDimension, ReadsTheLorenzAttractorAndTheTheilerWindowSeesPastAStretchOfOrbit) {
  const auto lorenz = dynamics::make_system("lorenz");
  const dynamics::Trajectory long_run = dynamics::simulate(*lorenz, {.samples = 3000, .dt = 0.05, .seed = 1});
  EXPECT_NEAR(intrinsic_dimension(long_run.states.data(), 3000, 3, {}), 2.06, 0.1);
  const dynamics::Trajectory dense = dynamics::simulate(*lorenz, {.samples = 3000, .dt = 0.002, .seed = 1});
  const double along = intrinsic_dimension(dense.states.data(), 3000, 3, {.theiler_window = 0});
  const double across = intrinsic_dimension(dense.states.data(), 3000, 3, {.theiler_window = 50});
  EXPECT_LT(along, 1.6);
  EXPECT_GT(across, along + 0.2);
}

TEST(IntrinsicDimension, DuplicatePointsGiveNaNAndBadOptionsThrow) {
  const std::vector<double> same(200, 1.0);
  EXPECT_TRUE(std::isnan(intrinsic_dimension(same.data(), 100, 2, {})));
  const std::vector<double> line = {0, 1, 2, 3, 4};
  EXPECT_THROW(intrinsic_dimension(line.data(), 5, 1, {.k_min = 1}), Error);
  EXPECT_THROW(intrinsic_dimension(line.data(), 5, 1, {.k_min = 5, .k_max = 4}), Error);
  const std::vector<double> bad = {0, std::nan(""), 2};
  EXPECT_THROW(intrinsic_dimension(bad.data(), 3, 1, {}), Error);
}

}  // namespace
}  // namespace flujo::analysis
