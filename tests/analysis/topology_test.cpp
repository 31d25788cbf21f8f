#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// GUDHI's exact bottleneck distance on hand-sized diagrams: only rounding separates it from the
// hand value.
constexpr double kExact = 1e-12;

// Noisy points on a circle of radius 1 around (cx, cy), appended to `points` as (x, y) rows.
void add_circle(std::vector<double>& points, int64_t count, double cx, double cy, Rng& rng) {
  for (int64_t i = 0; i < count; ++i) {
    const double angle = 2.0 * std::numbers::pi * rng.uniform();
    points.push_back(cx + std::cos(angle) + 0.02 * rng.normal());
    points.push_back(cy + std::sin(angle) + 0.02 * rng.normal());
  }
}

std::vector<double> lifetimes(const std::vector<PersistencePair>& diagram, int dimension) {
  std::vector<double> out;
  for (const PersistencePair& p : diagram)
    if (p.dimension == dimension) out.push_back(p.death - p.birth);
  std::sort(out.begin(), out.end(), std::greater<>());
  return out;
}

TEST(Persistence, CircleHasOneDominantLoop) {
  Rng rng(1);
  std::vector<double> points;
  add_circle(points, 400, 0, 0, rng);
  const auto diagram = persistence_diagram(points.data(), 400, 2, {.max_points = 200});
  const std::vector<double> loops = lifetimes(diagram, 1);
  ASSERT_FALSE(loops.empty());
  // Standardised, the circle has radius √2; its Rips loop dies at √3 times that.
  EXPECT_GT(loops[0], 1.5);
  EXPECT_EQ(dominant_bars(diagram, 1), 1);
  EXPECT_EQ(lifetimes(diagram, 0)[0], kInf);
}

TEST(Persistence, TwoCirclesHaveTwoLoopsAndTwoLongComponents) {
  Rng rng(2);
  std::vector<double> points;
  add_circle(points, 300, 0, 0, rng);
  add_circle(points, 300, 4, 4, rng);
  const auto diagram = persistence_diagram(points.data(), 600, 2, {.max_points = 300});
  EXPECT_EQ(dominant_bars(diagram, 1), 2);
  // H0: the essential class and the merge of the two circles (gap ≈ 1.7 standardised), then
  // only the sampling scale.
  const std::vector<double> components = lifetimes(diagram, 0);
  ASSERT_GE(components.size(), 3u);
  EXPECT_EQ(components[0], kInf);
  EXPECT_GT(components[1], 1.0);
  EXPECT_LT(components[2], 0.3);
}

// Seeds 1 and 4 are the hardest of seeds 1–10: their second hole is 0.4× the first.
TEST(Persistence, LorenzAttractorHasTwoDominantLoops) {
  const auto lorenz = dynamics::make_system("lorenz");
  for (uint64_t seed : {1, 4}) {
    const dynamics::Trajectory path = dynamics::simulate(*lorenz, {.samples = 20000, .seed = seed});
    const auto diagram = persistence_diagram(path.states.data(), path.samples(), 3, {});
    EXPECT_EQ(dominant_bars(diagram, 1), 2) << "seed " << seed;
  }
}

TEST(Persistence, RejectsBadInput) {
  std::vector<double> points{0, 0, 1, 0, 0, 1};
  EXPECT_THROW(persistence_diagram(points.data(), 3, 2, {.max_dimension = 3}), Error);
  EXPECT_THROW(persistence_diagram(points.data(), 3, 2, {.max_points = 1}), Error);
  EXPECT_THROW(persistence_diagram(points.data(), 3, 2, {.max_edge = -1}), Error);
  points[3] = std::nan("");
  EXPECT_THROW(persistence_diagram(points.data(), 3, 2, {}), Error);
}

TEST(DominantBars, LastClearDropAmongLongBars) {
  // Loops of the given lifetimes over a floor of noise bars declining from 0.1 by 1.25× each; an
  // essential H1 class and an H0 bar that must not count.
  const auto diagram_of = [](const std::vector<double>& loops) {
    std::vector<PersistencePair> diagram{{1, 0.0, kInf}, {0, 0.0, 9.0}};
    for (double lifetime : loops) diagram.push_back({1, 1.0, 1.0 + lifetime});
    for (int i = 0; i < 20; ++i) diagram.push_back({1, 2.0, 2.0 + 0.1 * std::pow(0.8, i)});
    return diagram;
  };
  EXPECT_EQ(dominant_bars(diagram_of({1.0, 0.9}), 1), 2);
  // Uneven holes, as in Lorenz: the shorter one still stands 4× above the noise.
  EXPECT_EQ(dominant_bars(diagram_of({1.0, 0.4}), 1), 2);
  EXPECT_EQ(dominant_bars(diagram_of({1.0, 0.4}), 1, 0.5), 1);
  EXPECT_EQ(dominant_bars(diagram_of({1.0, 0.9, 0.8, 0.7}), 1), 4);
  // The noise floor alone declines without a clear drop: no dominant loop.
  EXPECT_EQ(dominant_bars(diagram_of({}), 1), 0);
  EXPECT_EQ(dominant_bars(diagram_of({}), 0), 1);
  EXPECT_THROW(dominant_bars(diagram_of({}), 1, 0.0), Error);
}

TEST(Bottleneck, ZeroForIdenticalDiagrams) {
  Rng rng(3);
  std::vector<double> points;
  add_circle(points, 200, 0, 0, rng);
  const auto diagram = persistence_diagram(points.data(), 200, 2, {});
  EXPECT_EQ(bottleneck_distance(diagram, diagram, 0), 0.0);
  EXPECT_EQ(bottleneck_distance(diagram, diagram, 1), 0.0);
}

TEST(Bottleneck, MatchesHandComputedValues) {
  // (0,4)↔(0,3.5) costs 0.5 and (1,2) to the diagonal costs 0.5: distance 0.5.
  const std::vector<PersistencePair> a{{1, 0, 4}, {1, 1, 2}, {1, 0, kInf}, {0, 0, 100}};
  const std::vector<PersistencePair> b{{1, 0, 3.5}};
  EXPECT_NEAR(bottleneck_distance(a, b, 1), 0.5, kExact);
  // (0,1)↔(0,5) would cost 4; both to the diagonal cost max(0.5, 2.5) = 2.5.
  const std::vector<PersistencePair> c{{1, 0, 1}}, d{{1, 0, 5}};
  EXPECT_NEAR(bottleneck_distance(c, d, 1), 2.5, kExact);
  // Dimension 0 of a against nothing: (0,100) to the diagonal.
  EXPECT_NEAR(bottleneck_distance(a, b, 0), 50.0, kExact);
}

}  // namespace
}  // namespace flujo::analysis
