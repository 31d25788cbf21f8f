#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <numeric>

#include "analysis/knn.hpp"
#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"

namespace flujo::analysis {
namespace {

std::vector<double> random_cloud(int64_t rows, int64_t dims, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> x(rows * dims);
  for (double& v : x) v = rng.normal();
  return x;
}

TEST(Neighbourhoods, AnIsometryIsPerfect) {
  const int64_t rows = 300;
  const std::vector<double> x = random_cloud(rows, 3, 1);
  std::vector<double> y(rows * 3);
  const double c = std::cos(0.7), s = std::sin(0.7);
  for (int64_t i = 0; i < rows; ++i) {
    y[i * 3 + 0] = c * x[i * 3] - s * x[i * 3 + 1] + 4;
    y[i * 3 + 1] = s * x[i * 3] + c * x[i * 3 + 1] - 1;
    y[i * 3 + 2] = x[i * 3 + 2];
  }
  EXPECT_DOUBLE_EQ(trustworthiness(x.data(), 3, y.data(), 3, rows, 10), 1.0);
  EXPECT_DOUBLE_EQ(continuity(x.data(), 3, y.data(), 3, rows, 10), 1.0);
  EXPECT_DOUBLE_EQ(false_neighbour_fraction(x.data(), 3, y.data(), 3, rows, 10), 0.0);
}

TEST(Neighbourhoods, ARandomRelabellingIsPoor) {
  const int64_t rows = 300;
  const std::vector<double> x = random_cloud(rows, 3, 2), y = random_cloud(rows, 3, 3);
  EXPECT_LT(trustworthiness(x.data(), 3, y.data(), 3, rows, 10), 0.7);
  EXPECT_LT(continuity(x.data(), 3, y.data(), 3, rows, 10), 0.7);
  EXPECT_GT(false_neighbour_fraction(x.data(), 3, y.data(), 3, rows, 10), 0.8);
}

TEST(Neighbourhoods, TearingACircleHurtsContinuityNotTrustworthiness) {
  // A circle mapped to its angle in [0, 2π): the cut makes true neighbours across it far apart
  // (continuity drops) while every neighbour in the line is still a neighbour on the circle.
  const int64_t rows = 400;
  std::vector<double> circle(rows * 2), line(rows);
  for (int64_t i = 0; i < rows; ++i) {
    const double angle = 2 * std::numbers::pi * i / rows;
    circle[i * 2] = std::cos(angle);
    circle[i * 2 + 1] = std::sin(angle);
    line[i] = angle;
  }
  EXPECT_GT(trustworthiness(circle.data(), 2, line.data(), 1, rows, 10), 0.999);
  EXPECT_LT(continuity(circle.data(), 2, line.data(), 1, rows, 10),
            trustworthiness(circle.data(), 2, line.data(), 1, rows, 10));
}

TEST(Neighbourhoods, HandComputedTrustworthiness) {
  // Points 0..5 at positions 0..5 (original); the embedding swaps the positions of 0 and 5.
  // k = 1, ties broken by the lower index. Each point's embedded nearest neighbour and that
  // neighbour's rank in the original space:
  //   0 (at 5) → 4, rank 4: penalty 3      1 (at 1) → 2 (tie with 5), rank 2 (tie with 0): 1
  //   2 → 1, rank 1: 0                     3 → 2, rank 1: 0
  //   4 → 0 (tie with 3), rank 5: 4        5 (at 0) → 1, rank 4: 3
  // Total 11: T = 1 − 2/(6·1·(12 − 3 − 1))·11 = 1 − 11/24.
  const std::vector<double> original{0, 1, 2, 3, 4, 5};
  const std::vector<double> embedded{5, 1, 2, 3, 4, 0};
  EXPECT_NEAR(trustworthiness(original.data(), 1, embedded.data(), 1, 6, 1), 1.0 - 11.0 / 24.0,
              1e-12);
  EXPECT_THROW(trustworthiness(original.data(), 1, embedded.data(), 1, 6, 4), Error);
}

TEST(NearestNeighbours, BlockedSearchMatchesTheReference) {
  // 301 rows: not a multiple of the query block or the cache tile. The grid cloud has integer
  // coordinates, so many distances tie exactly and the tie-break by index is compared too.
  const std::vector<double> normal = random_cloud(301, 5, 7);
  Rng rng(8);
  std::vector<double> grid(301 * 2);
  for (double& v : grid) v = static_cast<double>(rng.below(6));
  for (int64_t exclude_within : {0, 3}) {
    EXPECT_EQ(nearest_neighbours(normal.data(), 301, 5, 7, exclude_within),
              nearest_neighbours_reference(normal.data(), 301, 5, 7, exclude_within));
    EXPECT_EQ(nearest_neighbours(grid.data(), 301, 2, 7, exclude_within),
              nearest_neighbours_reference(grid.data(), 301, 2, 7, exclude_within));
  }
  // Row 150's neighbours never come from rows 147..153 with a window of 3.
  const std::vector<int64_t> windowed = nearest_neighbours(normal.data(), 301, 5, 7, 3);
  for (int64_t n = 0; n < 7; ++n) EXPECT_GT(std::abs(windowed[150 * 7 + n] - 150), 3);
}

TEST(Neighbourhoods, ScalingAndEmbeddingInMoreDimensionsKeepEveryRank) {
  // x (3-D) ↦ 7.5 · Q [x; 0; 0] in 5-D with Q a rotation in the (0, 3) and (1, 4) planes: all
  // distances scale by 7.5, so every rank is kept.
  const int64_t rows = 200;
  const std::vector<double> x = random_cloud(rows, 3, 4);
  std::vector<double> y(rows * 5);
  const double c = std::cos(1.1), s = std::sin(1.1);
  for (int64_t i = 0; i < rows; ++i) {
    const double* p = x.data() + i * 3;
    double* q = y.data() + i * 5;
    q[0] = 7.5 * c * p[0];
    q[3] = 7.5 * s * p[0];
    q[1] = 7.5 * c * p[1];
    q[4] = -7.5 * s * p[1];
    q[2] = 7.5 * p[2] + 3.0;
  }
  EXPECT_DOUBLE_EQ(trustworthiness(x.data(), 3, y.data(), 5, rows, 12), 1.0);
  EXPECT_DOUBLE_EQ(continuity(x.data(), 3, y.data(), 5, rows, 12), 1.0);
  EXPECT_DOUBLE_EQ(false_neighbour_fraction(x.data(), 3, y.data(), 5, rows, 1), 0.0);
}

TEST(Neighbourhoods, HandComputedTrustworthinessAndContinuityWithoutTies) {
  // Six points on a line at Golomb-ruler positions (all pairwise distances differ, no ties);
  // the embedding places them at a permutation of the same positions. k = 2.
  //   point:      0  1  2  3   4   5
  //   original:   0  1  4  9  15  22
  //   embedded:   0  9  1  15  4  22
  // Neighbour orders (nearest first), original | embedded:
  //   0: 1 2 3 4 5 | 2 4 1 3 5      3: 2 4 1 0 5 | 1 5 4 2 0
  //   1: 0 2 3 4 5 | 4 3 2 0 5      4: 3 5 2 1 0 | 2 0 1 3 5
  //   2: 1 0 3 4 5 | 0 4 1 3 5      5: 4 3 2 1 0 | 3 1 4 2 0
  // Trustworthiness: original ranks of the 2 embedded neighbours, penalty max(0, r − 2):
  //   0: 2→2, 4→4 (2)  1: 4→4, 3→3 (3)  2: 0→2, 4→4 (2)  3: 1→3, 5→5 (4)  4: 2→3, 0→5 (4)
  //   5: 3→2, 1→4 (2); total 17, T = 1 − 2·17 / (6·2·(12 − 6 − 1)) = 1 − 34/60.
  // Continuity: embedded ranks of the 2 original neighbours:
  //   0: 1→3, 2→1 (1)  1: 0→4, 2→3 (3)  2: 1→3, 0→1 (1)  3: 2→4, 4→3 (3)  4: 3→4, 5→5 (5)
  //   5: 4→3, 3→1 (1); total 14, C = 1 − 28/60.
  // (sklearn.manifold.trustworthiness(original, embedded, n_neighbors=2) computes the same sum.)
  const std::vector<double> original{0, 1, 4, 9, 15, 22};
  const std::vector<double> embedded{0, 9, 1, 15, 4, 22};
  EXPECT_NEAR(trustworthiness(original.data(), 1, embedded.data(), 1, 6, 2), 1.0 - 34.0 / 60.0,
              1e-12);
  EXPECT_NEAR(continuity(original.data(), 1, embedded.data(), 1, 6, 2), 1.0 - 28.0 / 60.0, 1e-12);
  // Nearest embedded neighbours 2, 4, 0, 1, 2, 3; among the 2 original ones for points 0, 2, 5.
  EXPECT_NEAR(false_neighbour_fraction(original.data(), 1, embedded.data(), 1, 6, 2), 0.5, 1e-12);
}

TEST(Neighbourhoods, ShufflingTheRowsDestroysTheNeighbourhoods) {
  const int64_t rows = 300;
  const std::vector<double> x = random_cloud(rows, 3, 5);
  std::vector<int64_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(6);
  for (int64_t i = rows - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
  std::vector<double> shuffled(rows * 3);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t d = 0; d < 3; ++d) shuffled[i * 3 + d] = x[order[i] * 3 + d];
  EXPECT_GT(false_neighbour_fraction(x.data(), 3, shuffled.data(), 3, rows, 10), 0.8);
  EXPECT_LT(trustworthiness(x.data(), 3, shuffled.data(), 3, rows, 10), 0.7);
  EXPECT_THROW(continuity(x.data(), 3, shuffled.data(), 3, rows, 150), Error);
  EXPECT_THROW(false_neighbour_fraction(x.data(), 3, shuffled.data(), 3, rows, 0), Error);
  std::vector<double> with_nan = shuffled;
  with_nan[7] = std::nan("");
  EXPECT_THROW(trustworthiness(x.data(), 3, with_nan.data(), 3, rows, 10), Error);
}

}  // namespace
}  // namespace flujo::analysis
