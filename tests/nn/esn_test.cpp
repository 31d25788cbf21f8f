#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"
#include "flujo/nn.hpp"

namespace flujo::nn {
namespace {

constexpr EsnOptions kSmall{.reservoir_size = 60, .channels = 2, .degree = 5,
                            .spectral_radius = 0.9, .leak_rate = 0.5, .input_scaling = 0.5,
                            .bias_scaling = 0.2, .washout = 50, .ridge_alpha = 1e-8};

// Two channels: a sine and a cosine of the same phase, `steps` rows.
std::vector<double> circle(int64_t steps, double step = 0.1) {
  std::vector<double> series(steps * 2);
  for (int64_t t = 0; t < steps; ++t) {
    series[t * 2] = std::sin(step * static_cast<double>(t));
    series[t * 2 + 1] = std::cos(step * static_cast<double>(t));
  }
  return series;
}

EchoStateNetwork fitted_small(uint64_t seed) {
  Rng rng(seed);
  EchoStateNetwork esn(kSmall, rng);
  const std::vector<double> series = circle(600);
  esn.fit(series.data(), 600);
  return esn;
}

TEST(EchoStateNetwork, SameSeedGivesIdenticalModelsAndForecasts) {
  const EchoStateNetwork a = fitted_small(7), b = fitted_small(7), c = fitted_small(8);
  EXPECT_EQ(a.reservoir().column, b.reservoir().column);
  EXPECT_EQ(a.reservoir().value, b.reservoir().value);
  EXPECT_EQ(a.readout().weights, b.readout().weights);
  const std::vector<double> warmup = circle(100);
  EXPECT_EQ(a.forecast(warmup.data(), 100, 50), b.forecast(warmup.data(), 100, 50));
  EXPECT_NE(a.reservoir().value, c.reservoir().value);
}

TEST(SpectralRadius, MatchesKnownMatrices) {
  // A scaled rotation has eigenvalues ±0.7i; an upper triangle its diagonal {2, −3}.
  const CsrMatrix rotation{2, 2, {0, 1, 2}, {1, 0}, {-0.7, 0.7}};
  EXPECT_NEAR(spectral_radius(rotation), 0.7, 1e-12);
  const CsrMatrix triangle{2, 2, {0, 2, 3}, {0, 1, 1}, {2.0, 5.0, -3.0}};
  EXPECT_NEAR(spectral_radius(triangle), 3.0, 1e-12);
}

TEST(EchoStateNetwork, ReservoirIsRescaledToTheSpectralRadius) {
  Rng rng(3);
  const EchoStateNetwork esn({.reservoir_size = 100, .degree = 4, .spectral_radius = 1.2}, rng);
  EXPECT_NEAR(spectral_radius(esn.reservoir()), 1.2, 1e-9);
  // Independently: the asymptotic growth rate of ‖Wᵏv‖, measured between k = 1000 and 2000.
  std::vector<double> v(100, 1.0), next(100);
  double log_growth = 0.0;
  for (int k = 0; k < 2000; ++k) {
    const CsrMatrix& w = esn.reservoir();
    double norm = 0.0;
    for (int64_t i = 0; i < 100; ++i) {
      next[i] = 0.0;
      for (int64_t e = w.row_start[i]; e < w.row_start[i + 1]; ++e)
        next[i] += w.value[e] * v[w.column[e]];
      norm += next[i] * next[i];
    }
    norm = std::sqrt(norm);
    for (int64_t i = 0; i < 100; ++i) v[i] = next[i] / norm;
    if (k >= 1000) log_growth += std::log(norm);
  }
  EXPECT_NEAR(std::exp(log_growth / 1000.0), 1.2, 0.012);
}

TEST(EchoStateNetwork, DifferentInitialStatesForgetThemselves) {
  Rng rng(4);
  const EchoStateNetwork esn(kSmall, rng);
  ReservoirState a = esn.zero_state(), b = esn.zero_state();
  for (int64_t i = 0; i < 60; ++i) {
    a.r[i] = rng.uniform(-1.0, 1.0);
    b.r[i] = rng.uniform(-1.0, 1.0);
  }
  auto distance = [&] {
    double sum = 0.0;
    for (int64_t i = 0; i < 60; ++i) sum += (a.r[i] - b.r[i]) * (a.r[i] - b.r[i]);
    return std::sqrt(sum);
  };
  const double initial = distance();
  for (int t = 0; t < 400; ++t) {
    const double input[2] = {rng.normal(), rng.normal()};
    esn.update(a, input);
    esn.update(b, input);
  }
  EXPECT_GT(initial, 1.0);
  EXPECT_LT(distance(), 1e-8 * initial);
}

TEST(EchoStateNetwork, LearnsTheCircleOneStepAndClosedLoop) {
  const EchoStateNetwork esn = fitted_small(5);
  const std::vector<double> series = circle(400);
  const std::vector<double> next = esn.predict_next(series.data(), 400);
  const std::vector<double> sigma{1.0, 1.0};
  // Rows 50..398 predict 51..399, past the zero-state transient.
  EXPECT_LT(analysis::nrmse(next.data() + 100, series.data() + 102, 349, 2, sigma), 1e-5);
  // Closed loop from row 200: 200 steps (three periods) stay on the circle.
  const std::vector<double> path = esn.forecast(series.data(), 200, 200);
  EXPECT_LT(analysis::nrmse(path.data(), series.data() + 400, 200, 2, sigma), 1e-4);
  // Row 0 of the forecast is the teacher-forced prediction after the warm-up.
  EXPECT_EQ(path[0], next[199 * 2]);
  EXPECT_EQ(path[1], next[199 * 2 + 1]);
}

TEST(EchoStateNetwork, JsonRoundTripForecastsBitForBit) {
  const EchoStateNetwork esn = fitted_small(6);
  const std::string text = esn.to_json().dump();
  const EchoStateNetwork loaded = EchoStateNetwork::from_json(nlohmann::json::parse(text));
  EXPECT_EQ(loaded.readout().weights, esn.readout().weights);
  EXPECT_EQ(loaded.input_weights(), esn.input_weights());
  const std::vector<double> warmup = circle(120);
  EXPECT_EQ(loaded.forecast(warmup.data(), 120, 80), esn.forecast(warmup.data(), 120, 80));

  nlohmann::json broken = esn.to_json();
  broken["bias"].erase(0);
  EXPECT_THROW(EchoStateNetwork::from_json(broken), Error);
  broken = esn.to_json();
  broken["reservoir"]["column"][0] = 1000;
  EXPECT_THROW(EchoStateNetwork::from_json(broken), Error);
  broken = esn.to_json();
  broken["options"].erase("leak_rate");
  EXPECT_THROW(EchoStateNetwork::from_json(broken), Error);
}

TEST(EchoStateNetwork, RejectsBadOptionsAndData) {
  Rng rng(1);
  EXPECT_THROW(EchoStateNetwork({.leak_rate = 0.0}, rng), Error);
  EXPECT_THROW(EchoStateNetwork({.reservoir_size = 4, .degree = 5}, rng), Error);
  EchoStateNetwork esn(kSmall, rng);
  const std::vector<double> series = circle(40);
  EXPECT_THROW(esn.forecast(series.data(), 40, 5), Error);  // not fitted
  EXPECT_THROW(esn.fit(series.data(), 40), Error);          // 40 steps ≤ washout 50
  std::vector<double> bad = circle(200);
  bad[300] = std::nan("");
  EXPECT_THROW(esn.fit(bad.data(), 200), Error);
}

}  // namespace
}  // namespace flujo::nn
