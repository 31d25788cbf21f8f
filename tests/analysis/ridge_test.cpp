#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"

namespace flujo::analysis {
namespace {

// Double arithmetic on well-conditioned problems of a few dozen rows.
constexpr double kExact = 1e-10;

std::vector<double> random_matrix(int64_t rows, int64_t cols, uint64_t seed, double offset = 0) {
  Rng rng(seed);
  std::vector<double> m(rows * cols);
  for (double& v : m) v = offset + rng.normal();
  return m;
}

TEST(Ridge, OneFeatureMatchesClosedForm) {
  // Centred closed form: w = Sxy / (Sxx + α), b = ȳ − w x̄.
  const std::vector<double> x{1, 2, 4, 7}, y{3, 1, 6, 5};
  const double alpha = 2.5;
  const double x_mean = 3.5, y_mean = 3.75;
  double sxx = 0, sxy = 0;
  for (int i = 0; i < 4; ++i) {
    sxx += (x[i] - x_mean) * (x[i] - x_mean);
    sxy += (x[i] - x_mean) * (y[i] - y_mean);
  }
  const RidgeModel model = fit_ridge(x.data(), y.data(), 4, 1, 1, alpha);
  const double w = sxy / (sxx + alpha);
  EXPECT_NEAR(model.weights[0], w, kExact);
  EXPECT_NEAR(model.bias[0], y_mean - w * x_mean, kExact);
}

TEST(Ridge, TwoFeaturesMatchHandSolvedNormalEquations) {
  // Without bias: (XᵀX + αI) w = Xᵀy with XᵀX = [[2, 1], [1, 2]], Xᵀy = [3, 4], α = 1:
  // [[3, 1], [1, 3]] w = [3, 4]  →  w = [5/8, 9/8].
  const std::vector<double> x{1, 0, 0, 1, 1, 1}, y{1, 2, 2};
  const RidgeModel model = fit_ridge(x.data(), y.data(), 3, 2, 1, 1.0, /*fit_bias=*/false);
  EXPECT_NEAR(model.weights[0], 5.0 / 8.0, kExact);
  EXPECT_NEAR(model.weights[1], 9.0 / 8.0, kExact);
  EXPECT_EQ(model.bias[0], 0.0);
}

TEST(Ridge, ExactFitRecoversWeightsAndBiasDespiteLargeMeans) {
  // Features with mean 1e6 and unit spread: the first-row shift keeps the centring exact.
  const int64_t rows = 40, inputs = 4, outputs = 2;
  const std::vector<double> x = random_matrix(rows, inputs, 1, 1e6);
  const std::vector<double> w{0.5, -1, 2, 0.25, -3, 0, 1, 1.5}, b{7, -2};
  std::vector<double> y(rows * outputs);
  const RidgeModel truth{inputs, outputs, w, b};
  truth.predict(x.data(), rows, y.data());
  const RidgeModel model = fit_ridge(x.data(), y.data(), rows, inputs, outputs, 0.0);
  for (int64_t k = 0; k < inputs * outputs; ++k) EXPECT_NEAR(model.weights[k], w[k], 1e-7);
  for (int64_t o = 0; o < outputs; ++o) EXPECT_NEAR(model.bias[o], b[o], 1e-3);
  std::vector<double> prediction(rows * outputs);
  model.predict(x.data(), rows, prediction.data());
  for (double r2 : r2_scores(y.data(), prediction.data(), rows, outputs)) EXPECT_NEAR(r2, 1, 1e-9);
}

TEST(Ridge, BiasIsNotPenalised) {
  const std::vector<double> x = random_matrix(30, 3, 2), y = random_matrix(30, 1, 3, 5.0);
  const RidgeModel model = fit_ridge(x.data(), y.data(), 30, 3, 1, 1e12);
  double y_mean = 0;
  for (double v : y) y_mean += v / 30;
  for (double w : model.weights) EXPECT_LT(std::abs(w), 1e-9);
  EXPECT_NEAR(model.bias[0], y_mean, 1e-8);
}

TEST(Ridge, BatchedAccumulationEqualsOneShot) {
  const int64_t rows = 50, inputs = 5, outputs = 3;
  const std::vector<double> x = random_matrix(rows, inputs, 4, 2.0);
  const std::vector<double> y = random_matrix(rows, outputs, 5, -1.0);
  const RidgeModel whole = fit_ridge(x.data(), y.data(), rows, inputs, outputs, 0.1);
  RidgeAccumulator accumulator(inputs, outputs);
  accumulator.add(x.data(), y.data(), 7);
  accumulator.add(x.data() + 7 * inputs, y.data() + 7 * outputs, rows - 7);
  EXPECT_EQ(accumulator.rows(), rows);
  const RidgeModel batched = accumulator.solve(0.1);
  for (int64_t k = 0; k < inputs * outputs; ++k)
    EXPECT_NEAR(batched.weights[k], whole.weights[k], kExact);
  for (int64_t o = 0; o < outputs; ++o) EXPECT_NEAR(batched.bias[o], whole.bias[o], kExact);
}

TEST(Ridge, SingularProblemThrowsUnlessRegularised) {
  // The second feature duplicates the first.
  const std::vector<double> x{1, 1, 2, 2, 3, 3, 5, 5}, y{1, 2, 3, 4};
  EXPECT_THROW(fit_ridge(x.data(), y.data(), 4, 2, 1, 0.0), Error);
  const RidgeModel model = fit_ridge(x.data(), y.data(), 4, 2, 1, 1e-3);
  EXPECT_NEAR(model.weights[0], model.weights[1], kExact);
}

TEST(Ridge, RejectsBadInput) {
  const std::vector<double> x{1, std::nan(""), 3}, y{1, 2, 3};
  RidgeAccumulator accumulator(1, 1);
  EXPECT_THROW(accumulator.solve(1.0), Error);  // no rows
  EXPECT_THROW(accumulator.add(x.data(), y.data(), 3), Error);
  accumulator.add(y.data(), x.data(), 1);
  EXPECT_THROW(accumulator.solve(-1.0), Error);
  EXPECT_THROW(RidgeAccumulator(0, 1), Error);
}

TEST(R2, MatchesHandComputation) {
  // Column 0: SS_res = 1, SS_tot = 5 → 0.8. Column 1 is constant: exact → 1, otherwise → 0.
  const std::vector<double> truth{1, 2, 2, 2, 3, 2, 4, 2};
  const std::vector<double> prediction{1, 2, 2, 2, 3, 2, 5, 2};
  const std::vector<double> scores = r2_scores(truth.data(), prediction.data(), 4, 2);
  EXPECT_NEAR(scores[0], 0.8, kExact);
  EXPECT_EQ(scores[1], 1.0);
  const std::vector<double> off{1, 2, 2, 2, 3, 2, 4, 3};
  EXPECT_EQ(r2_scores(truth.data(), off.data(), 4, 2)[1], 0.0);
}

}  // namespace
}  // namespace flujo::analysis
