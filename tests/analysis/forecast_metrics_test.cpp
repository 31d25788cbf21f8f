#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

constexpr ValidTimeOptions kLorenz{.threshold = 0.5, .dt = 0.01, .lyapunov_exponent = 0.906};
constexpr double kExact = 1e-12;

TEST(ValidTime, StopsAtTheFirstStepAboveThreshold) {
  // Two channels, σ = {1, 2}; channel 0 drifts by 0.1 per step, channel 1 is exact:
  // e_t = sqrt((0.1 t)² / 2) = 0.0707 t, so e_7 = 0.495 is valid and e_8 = 0.566 is not.
  const int64_t steps = 20;
  std::vector<double> truth(steps * 2, 3.0), forecast = truth;
  for (int64_t t = 0; t < steps; ++t) forecast[t * 2] += 0.1 * static_cast<double>(t);
  const std::vector<double> sigma{1.0, 2.0};
  const ValidTime valid =
      valid_prediction_time(forecast.data(), truth.data(), steps, 2, sigma, kLorenz);
  EXPECT_EQ(valid.valid_steps, 8);
  EXPECT_NEAR(valid.lyapunov_times, 8 * 0.01 * 0.906, kExact);
  EXPECT_FALSE(valid.full_horizon);
  EXPECT_NEAR(normalized_errors(forecast.data(), truth.data(), steps, 2, sigma)[8],
              0.8 / std::sqrt(2.0), kExact);
}

TEST(ValidTime, SigmaScalesTheError) {
  // C = 1: |x̂ − x| / σ. An error of 1 with σ = 1.5 is 0.667 > 0.5, with σ = 2.5 it is 0.4.
  const std::vector<double> truth{0, 0, 0}, forecast{0.2, 1.0, 0.2};
  const std::vector<double> narrow{1.5}, wide{2.5};
  const double* f = forecast.data();
  EXPECT_EQ(valid_prediction_time(f, truth.data(), 3, 1, narrow, kLorenz).valid_steps, 1);
  EXPECT_TRUE(valid_prediction_time(f, truth.data(), 3, 1, wide, kLorenz).full_horizon);
}

TEST(ValidTime, NeverExceededGivesTheFullHorizon) {
  const std::vector<double> truth{1, 2, 3, 4}, forecast{1.1, 2.1, 3.1, 4.1}, sigma{1.0};
  const ValidTime valid =
      valid_prediction_time(forecast.data(), truth.data(), 4, 1, sigma, kLorenz);
  EXPECT_EQ(valid.valid_steps, 4);
  EXPECT_TRUE(valid.full_horizon);
}

TEST(ValidTime, NanForecastCountsAsDiverged) {
  const std::vector<double> truth{1, 2, 3}, forecast{1, std::nan(""), 3}, sigma{1.0};
  EXPECT_EQ(valid_prediction_time(forecast.data(), truth.data(), 3, 1, sigma, kLorenz).valid_steps,
            1);
}

TEST(ValidTime, RejectsBadArguments) {
  const std::vector<double> truth{1, 2}, sigma{1.0}, zero_sigma{0.0}, two_sigma{1, 1};
  EXPECT_THROW(valid_prediction_time(truth.data(), truth.data(), 2, 1, sigma, {.dt = 0.01}), Error);
  EXPECT_THROW(valid_prediction_time(truth.data(), truth.data(), 2, 1, zero_sigma, kLorenz), Error);
  EXPECT_THROW(valid_prediction_time(truth.data(), truth.data(), 2, 1, two_sigma, kLorenz), Error);
}

TEST(Persistence, RepeatsTheLastObservation) {
  // Truth ramps away from the last observation 0 by 0.2 per step: e = 0.2, 0.4, 0.6 → 2 steps.
  const std::vector<double> truth{0.2, 0.4, 0.6, 0.8}, last{0.0}, sigma{1.0};
  const ValidTime valid = persistence_valid_time(last.data(), truth.data(), 4, 1, sigma, kLorenz);
  EXPECT_EQ(valid.valid_steps, 2);
  const std::vector<double> repeated(4, 0.0);
  EXPECT_EQ(valid_prediction_time(repeated.data(), truth.data(), 4, 1, sigma, kLorenz).valid_steps,
            valid.valid_steps);
}

TEST(Quantile, InterpolatesLinearlyLikeNumpy) {
  // numpy.quantile([1, 2, 3, 4], [.25, .5, .75]) = [1.75, 2.5, 3.25].
  const std::vector<double> four{4, 1, 3, 2};
  EXPECT_NEAR(quantile(four, 0.25), 1.75, kExact);
  EXPECT_NEAR(quantile(four, 0.5), 2.5, kExact);
  EXPECT_NEAR(quantile(four, 0.75), 3.25, kExact);
  EXPECT_EQ(quantile(four, 0.0), 1.0);
  EXPECT_EQ(quantile(four, 1.0), 4.0);
  // numpy.quantile([3, 1, 2, 10, 7], [.25, .5, .75, .9]) = [2, 3, 7, 8.8].
  const Summary summary = summarize(std::vector<double>{3, 1, 2, 10, 7});
  EXPECT_EQ(summary.count, 5);
  EXPECT_NEAR(summary.q25, 2.0, kExact);
  EXPECT_NEAR(summary.median, 3.0, kExact);
  EXPECT_NEAR(summary.q75, 7.0, kExact);
  EXPECT_NEAR(quantile(std::vector<double>{3, 1, 2, 10, 7}, 0.9), 8.8, kExact);
  EXPECT_THROW(quantile(std::vector<double>{}, 0.5), Error);
  EXPECT_THROW(quantile(four, 1.5), Error);
}

TEST(ChannelStd, UsesThePopulationDivisor) {
  const std::vector<double> series{1, 10, 3, 10, 1, 10, 3, 10};
  EXPECT_THROW(channel_std(series.data(), 4, 2), Error);  // channel 1 is constant
  const std::vector<double> sigma = channel_std(series.data(), 4, 1);
  EXPECT_NEAR(sigma[0], std::sqrt(16.5), kExact);  // [1, 10, 3, 10]: mean 6, Σd² = 66
  const std::vector<double> two = channel_std(series.data(), 2, 1);
  EXPECT_NEAR(two[0], 4.5, kExact);
}

TEST(Nrmse, AveragesNormalisedSquaredErrors) {
  // Errors (1, 0) and (0, 2) with σ = (1, 2): normalised squares 1, 0, 0, 1 → sqrt(2/4).
  const std::vector<double> truth{0, 0, 0, 0}, prediction{1, 0, 0, 2}, sigma{1, 2};
  EXPECT_NEAR(nrmse(prediction.data(), truth.data(), 2, 2, sigma), std::sqrt(0.5), kExact);
}

}  // namespace
}  // namespace flujo::analysis
