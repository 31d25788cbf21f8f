#include <algorithm>
#include <cmath>
#include <string>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

void check_shape(int64_t steps, int64_t channels, std::span<const double> sigma,
                 const char* what) {
  require(steps > 0 && channels > 0, std::string(what) + ": need steps > 0 and channels > 0");
  require(static_cast<int64_t>(sigma.size()) == channels,
          std::string(what) + ": sigma has " + std::to_string(sigma.size()) + " entries for " +
              std::to_string(channels) + " channels");
  for (double s : sigma)
    require(std::isfinite(s) && s > 0.0, std::string(what) + ": sigma must be finite and > 0");
}

void check_options(const ValidTimeOptions& options) {
  require(std::isfinite(options.threshold) && options.threshold > 0.0,
          "valid time: threshold must be > 0");
  require(std::isfinite(options.dt) && options.dt > 0.0, "valid time: dt must be > 0");
  require(std::isfinite(options.lyapunov_exponent) && options.lyapunov_exponent > 0.0,
          "valid time: lyapunov_exponent must be > 0");
}

double row_error(const double* forecast, const double* truth, int64_t channels,
                 std::span<const double> sigma) {
  double sum = 0.0;
  for (int64_t c = 0; c < channels; ++c) {
    const double e = (forecast[c] - truth[c]) / sigma[c];
    sum += e * e;
  }
  return std::sqrt(sum / static_cast<double>(channels));
}

// Shared by the model and the persistence baseline; forecast_stride 0 repeats one row.
ValidTime valid_time(const double* forecast, int64_t forecast_stride, const double* truth,
                     int64_t steps, int64_t channels, std::span<const double> sigma,
                     const ValidTimeOptions& options) {
  check_shape(steps, channels, sigma, "valid time");
  check_options(options);
  int64_t valid = steps;
  for (int64_t t = 0; t < steps; ++t) {
    const double e = row_error(forecast + t * forecast_stride, truth + t * channels, channels,
                               sigma);
    // A NaN forecast (a diverged model) counts as exceeded.
    if (!(e <= options.threshold)) {
      valid = t;
      break;
    }
  }
  return {valid, static_cast<double>(valid) * options.dt * options.lyapunov_exponent,
          valid == steps};
}

}  // namespace

std::vector<double> channel_std(const double* series, int64_t steps, int64_t channels) {
  require(steps > 0 && channels > 0, "channel_std: need steps > 0 and channels > 0");
  std::vector<double> sigma(channels);
  for (int64_t c = 0; c < channels; ++c) {
    double mean = 0.0;
    for (int64_t t = 0; t < steps; ++t) mean += series[t * channels + c];
    mean /= static_cast<double>(steps);
    double sum = 0.0;
    for (int64_t t = 0; t < steps; ++t) {
      const double d = series[t * channels + c] - mean;
      sum += d * d;
    }
    sigma[c] = std::sqrt(sum / static_cast<double>(steps));
    require(std::isfinite(sigma[c]) && sigma[c] > 0.0,
            "channel_std: channel " + std::to_string(c) + " is constant or not finite");
  }
  return sigma;
}

std::vector<double> normalized_errors(const double* forecast, const double* truth, int64_t steps,
                                      int64_t channels, std::span<const double> sigma) {
  check_shape(steps, channels, sigma, "normalized_errors");
  std::vector<double> errors(steps);
  for (int64_t t = 0; t < steps; ++t)
    errors[t] = row_error(forecast + t * channels, truth + t * channels, channels, sigma);
  return errors;
}

ValidTime valid_prediction_time(const double* forecast, const double* truth, int64_t steps,
                                int64_t channels, std::span<const double> sigma,
                                const ValidTimeOptions& options) {
  return valid_time(forecast, channels, truth, steps, channels, sigma, options);
}

ValidTime persistence_valid_time(const double* last_observation, const double* truth,
                                 int64_t steps, int64_t channels, std::span<const double> sigma,
                                 const ValidTimeOptions& options) {
  return valid_time(last_observation, 0, truth, steps, channels, sigma, options);
}

double quantile(std::span<const double> values, double q) {
  require(!values.empty(), "quantile: no values");
  require(q >= 0.0 && q <= 1.0, "quantile: q must lie in [0, 1], got " + std::to_string(q));
  for (double v : values) require(!std::isnan(v), "quantile: NaN value");
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

Summary summarize(std::span<const double> values) {
  return {static_cast<int64_t>(values.size()), quantile(values, 0.5), quantile(values, 0.25),
          quantile(values, 0.75)};
}

double nrmse(const double* prediction, const double* truth, int64_t rows, int64_t channels,
             std::span<const double> sigma) {
  check_shape(rows, channels, sigma, "nrmse");
  double sum = 0.0;
  for (int64_t t = 0; t < rows; ++t) {
    const double e = row_error(prediction + t * channels, truth + t * channels, channels, sigma);
    sum += e * e;
  }
  return std::sqrt(sum / static_cast<double>(rows));
}

}  // namespace flujo::analysis
