#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::analysis {
namespace {

TEST(Pca, RecoversTheAxesOfAnAnisotropicCloud) {
  Rng rng(3);
  const int64_t rows = 4000;
  std::vector<double> x(rows * 3);
  // Standard deviations 3, 1, 0.1 along axes rotated 45° in the x–y plane.
  const double c = std::sqrt(0.5);
  for (int64_t i = 0; i < rows; ++i) {
    const double a = 3 * rng.normal(), b = rng.normal(), z = 0.1 * rng.normal();
    x[i * 3 + 0] = c * (a - b) + 5;
    x[i * 3 + 1] = c * (a + b) - 2;
    x[i * 3 + 2] = z;
  }
  const Pca pca = fit_pca(x.data(), rows, 3);
  EXPECT_NEAR(pca.explained_ratio[0], 9.0 / 10.01, 0.01);
  EXPECT_NEAR(pca.explained_ratio[1], 1.0 / 10.01, 0.01);
  EXPECT_NEAR(std::abs(pca.components[0]), c, 0.01);
  EXPECT_NEAR(std::abs(pca.components[1]), c, 0.01);
  EXPECT_NEAR(std::abs(pca.components[2 * 3 + 2]), 1.0, 1e-3);
  EXPECT_EQ(pca.components_for(0.95), 2);
  EXPECT_EQ(pca.components_for(1.0), 3);
  const std::vector<double> projected = pca.transform(x.data(), rows, 2);
  double mean = 0.0;
  for (int64_t i = 0; i < rows; ++i) mean += projected[i * 2];
  EXPECT_NEAR(mean / rows, 0.0, 1e-9);
}

TEST(DelayEmbed, LayoutIsNewestFirst) {
  const std::vector<double> series{0, 1, 2, 3, 4, 5, 6};
  const std::vector<double> e = delay_embed(series, 2, 3);
  ASSERT_EQ(e.size(), 9u);  // rows t = 4, 5, 6
  EXPECT_EQ(e[0], 4);
  EXPECT_EQ(e[1], 2);
  EXPECT_EQ(e[2], 0);
  EXPECT_EQ(e[6], 6);
  EXPECT_EQ(e[8], 2);
}

TEST(MutualInformation, IndependentNoiseSharesNothingAndLorenzHasItsKnownDelay) {
  const auto lorenz = dynamics::make_system("lorenz");
  const dynamics::Trajectory path =
      dynamics::simulate(*lorenz, {.samples = 5000, .dt = 0.01, .seed = 1});
  std::vector<double> x(path.samples());
  for (int64_t t = 0; t < path.samples(); ++t) x[t] = path.at(t, 0);
  const int64_t delay = first_minimum_mutual_information(x, 40);
  EXPECT_GE(delay, 12);  // the literature's ≈ 0.16 time units for x at dt 0.01
  EXPECT_LE(delay, 20);
  Rng rng(1);
  std::vector<double> noise(20000);
  for (double& v : noise) v = rng.uniform();
  const std::vector<double> information = mutual_information(noise, 5, 16);
  EXPECT_GT(information[0], 2.0);  // I(x; x) = H(x) ≈ log 16
  for (int lag = 1; lag <= 5; ++lag) EXPECT_LT(information[lag], 0.02);
}

TEST(FalseNearestNeighbours, LorenzNeedsThreeDimensions) {
  const auto lorenz = dynamics::make_system("lorenz");
  const dynamics::Trajectory path =
      dynamics::simulate(*lorenz, {.samples = 5000, .dt = 0.02, .seed = 1});
  std::vector<double> x(path.samples());
  for (int64_t t = 0; t < path.samples(); ++t) x[t] = path.at(t, 0);
  const std::vector<double> fractions = false_nearest_neighbours(x, 8, 4);
  EXPECT_GT(fractions[0], 0.9);  // one coordinate folds the attractor onto itself
  EXPECT_GT(fractions[1], 0.05);
  EXPECT_EQ(embedding_dimension(x, 8, 6), 3);
}

TEST(Pca, TransformIsTheCentredProjectionAndBadInputThrows) {
  // Four points of a 2:1 rectangle centred at (1, 2): the long side is the first axis.
  const std::vector<double> x{3, 3, -1, 3, -1, 1, 3, 1};
  const Pca pca = fit_pca(x.data(), 4, 2);
  EXPECT_NEAR(pca.mean[0], 1.0, 1e-12);
  EXPECT_NEAR(pca.mean[1], 2.0, 1e-12);
  EXPECT_NEAR(pca.explained_variance[0], 16.0 / 3.0, 1e-12);  // divisor N − 1
  EXPECT_NEAR(pca.explained_variance[1], 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(pca.components[0], 1.0, 1e-12);  // sign: largest entry positive
  EXPECT_NEAR(pca.components[3], 1.0, 1e-12);
  const std::vector<double> projected = pca.transform(x.data(), 4, 2);
  EXPECT_NEAR(projected[0], 2.0, 1e-12);
  EXPECT_NEAR(projected[1], 1.0, 1e-12);
  EXPECT_NEAR(projected[2], -2.0, 1e-12);
  EXPECT_EQ(pca.components_for(0.8), 1);
  EXPECT_EQ(pca.components_for(0.81), 2);
  EXPECT_THROW(pca.transform(x.data(), 4, 3), Error);
  EXPECT_THROW(pca.components_for(0.0), Error);
  const std::vector<double> constant{1, 1, 1, 1};
  EXPECT_THROW(fit_pca(constant.data(), 2, 2), Error);
  std::vector<double> with_nan = x;
  with_nan[5] = std::nan("");
  EXPECT_THROW(fit_pca(with_nan.data(), 4, 2), Error);
}

TEST(MutualInformation, ANoisySineFirstMinimumIsNearAQuarterPeriod) {
  // 100 samples per period. Between lags 0 and 50 the information of a sine changes little and a
  // noise-free grid of values makes bin-edge ripples of a few hundredths; measurement noise of
  // σ = 0.1 smooths them, leaving the minimum where x_{t+τ} is the cosine: τ = 25.
  for (uint64_t seed : {1, 2, 3}) {
    Rng rng(seed);
    std::vector<double> series(20000);
    for (size_t t = 0; t < series.size(); ++t)
      series[t] = std::sin(2 * std::numbers::pi * t / 100.0) + 0.1 * rng.normal();
    const int64_t delay = first_minimum_mutual_information(series, 60, 16);
    EXPECT_GE(delay, 20) << "seed " << seed;
    EXPECT_LE(delay, 30) << "seed " << seed;
  }
  const std::vector<double> short_series(10, 0.0);
  EXPECT_THROW(mutual_information(short_series, 9), Error);
  EXPECT_THROW(mutual_information(short_series, 3, 1), Error);
}

TEST(FalseNearestNeighbours, ASineNeedsTwoDimensions) {
  // With 100 samples per period every state recurs exactly (up to rounding), and so does its
  // mirror image sin(π − θ) with the opposite slope: in one dimension about half the neighbours
  // are mirror images (false); in two the circle separates them.
  std::vector<double> sine(3000);
  for (size_t t = 0; t < sine.size(); ++t) sine[t] = std::sin(2 * std::numbers::pi * t / 100.0);
  const std::vector<double> fractions = false_nearest_neighbours(sine, 25, 3);
  EXPECT_GT(fractions[0], 0.3);
  EXPECT_EQ(fractions[1], 0.0);
  EXPECT_EQ(fractions[2], 0.0);
  EXPECT_EQ(embedding_dimension(sine, 25, 5), 2);
  // An incommensurate period: no exact recurrences, the same answer.
  for (size_t t = 0; t < sine.size(); ++t) sine[t] = std::sin(2 * std::numbers::pi * t / 101.127);
  EXPECT_EQ(embedding_dimension(sine, 25, 5), 2);
  EXPECT_THROW(false_nearest_neighbours(std::vector<double>(40, 1.0), 25, 3), Error);
  EXPECT_THROW(false_nearest_neighbours(sine, 0, 3), Error);
  EXPECT_THROW(delay_embed(sine, 1, 0), Error);
}

}  // namespace
}  // namespace flujo::analysis
