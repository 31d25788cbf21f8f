// The k-nearest-neighbour readout: means of the k nearest fitting rows' targets, ties to the lower
// row, and a curve that no line fits decoded where the ridge readout cannot.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

TEST(KnnRegression, AveragesTheTargetsOfTheKNearestFittingRows) {
  // Fitting rows on a line at 0, 1, 2, 10 with targets (t, −t).
  const std::vector<double> fit = {0.0, 1.0, 2.0, 10.0};
  const std::vector<double> targets = {0.0, 0.0, 1.0, -1.0, 2.0, -2.0, 10.0, -10.0};
  const std::vector<double> queries = {0.9, 9.0};
  const std::vector<double> one = knn_regression(fit.data(), targets.data(), 4, 1, 2, queries.data(), 2, 1);
  EXPECT_EQ(one, (std::vector<double>{1.0, -1.0, 10.0, -10.0}));
  const std::vector<double> two = knn_regression(fit.data(), targets.data(), 4, 1, 2, queries.data(), 2, 2);
  EXPECT_EQ(two, (std::vector<double>{0.5, -0.5, 6.0, -6.0}));
  // 1.5 is as far from 1 as from 2: the lower row wins.
  const double tie = 1.5;
  EXPECT_EQ(knn_regression(fit.data(), targets.data(), 4, 1, 2, &tie, 1, 1),
            (std::vector<double>{1.0, -1.0}));
  EXPECT_THROW(knn_regression(fit.data(), targets.data(), 4, 1, 2, queries.data(), 2, 5), Error);
  EXPECT_THROW(knn_regression(fit.data(), targets.data(), 4, 1, 2, queries.data(), 2, 0), Error);
}

// The angle of points on a circle: no linear map of (cos, sin) gives it, the neighbours do.
TEST(KnnRegression, DecodesACurvedImageThatNoLineFits) {
  const int64_t rows = 400;
  std::vector<double> circle, angle;
  for (int64_t i = 0; i < rows; ++i) {
    // Interleaved halves: even rows fit, odd rows are the queries.
    const double a = 0.1 + 5.0 * static_cast<double>(i) / static_cast<double>(rows);
    circle.insert(circle.end(), {std::cos(a), std::sin(a)});
    angle.push_back(a);
  }
  std::vector<double> fit, fit_targets, queries, query_targets;
  for (int64_t i = 0; i < rows; ++i) {
    auto& points = i % 2 == 0 ? fit : queries;
    auto& targets = i % 2 == 0 ? fit_targets : query_targets;
    points.insert(points.end(), {circle[2 * i], circle[2 * i + 1]});
    targets.push_back(angle[i]);
  }
  const int64_t half = rows / 2;
  const std::vector<double> nearest =
      knn_regression(fit.data(), fit_targets.data(), half, 2, 1, queries.data(), half, 4);
  const RidgeModel line = fit_ridge(fit.data(), fit_targets.data(), half, 2, 1, 1e-9);
  std::vector<double> linear(static_cast<size_t>(half));
  line.predict(queries.data(), half, linear.data());
  const double knn_r2 = r2_scores(query_targets.data(), nearest.data(), half, 1)[0];
  const double ridge_r2 = r2_scores(query_targets.data(), linear.data(), half, 1)[0];
  EXPECT_GT(knn_r2, 0.999);
  EXPECT_LT(ridge_r2, 0.9);
}

}  // namespace
}  // namespace flujo::analysis
