// Per-channel standardisation fitted on the training rows only, so that validation and test
// statistics never leak into training; stored as plain numbers and exactly invertible.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {

Normaliser::Normaliser(std::vector<double> mean, std::vector<double> stddev)
    : mean_(std::move(mean)), stddev_(std::move(stddev)) {
  require(mean_.size() == stddev_.size(),
          fmt::format("normaliser: {} means but {} standard deviations", mean_.size(),
                      stddev_.size()));
  for (size_t c = 0; c < mean_.size(); ++c)
    require(std::isfinite(mean_[c]) && std::isfinite(stddev_[c]) && stddev_[c] > 0.0,
            fmt::format("normaliser: channel {} has mean {} and std {} (need finite, std > 0)", c,
                        mean_[c], stddev_[c]));
}

Normaliser Normaliser::fit(const Series& series, TimeRange rows) {
  require(rows.size() >= 1 && rows.begin >= 0 && rows.end <= series.time_steps(),
          fmt::format("normaliser: cannot fit on rows [{}, {}) of a series with {} time steps",
                      rows.begin, rows.end, series.time_steps()));
  const int64_t channels = series.channels();
  std::vector<double> mean(static_cast<size_t>(channels), 0.0);
  std::vector<double> stddev(static_cast<size_t>(channels), 0.0);
  const auto count = static_cast<double>(rows.size());
  // Two passes: the mean first, then squared deviations, which stays accurate for large offsets.
  for (int64_t t = rows.begin; t < rows.end; ++t)
    for (int64_t c = 0; c < channels; ++c) mean[c] += series.at(t, c);
  for (double& m : mean) m /= count;
  for (int64_t t = rows.begin; t < rows.end; ++t)
    for (int64_t c = 0; c < channels; ++c) {
      const double deviation = series.at(t, c) - mean[c];
      stddev[c] += deviation * deviation;
    }
  for (double& s : stddev) {
    s = std::sqrt(s / count);
    if (!(s >= kStdFloor)) s = 1.0;  // a (near-)constant channel is centred, not scaled
  }
  return Normaliser(std::move(mean), std::move(stddev));
}

namespace {

void check_channels(const Normaliser& normaliser, const Series& series) {
  require(series.channels() == normaliser.channels(),
          fmt::format("normaliser: fitted on {} channels, the series has {}",
                      normaliser.channels(), series.channels()));
}

}  // namespace

Series Normaliser::normalise(const Series& series) const {
  check_channels(*this, series);
  Series out = series;
  for (int64_t t = 0; t < out.time_steps(); ++t)
    for (int64_t c = 0; c < out.channels(); ++c) out.at(t, c) = normalise(out.at(t, c), c);
  return out;
}

Series Normaliser::denormalise(const Series& series) const {
  check_channels(*this, series);
  Series out = series;
  for (int64_t t = 0; t < out.time_steps(); ++t)
    for (int64_t c = 0; c < out.channels(); ++c) out.at(t, c) = denormalise(out.at(t, c), c);
  return out;
}

double Normaliser::normalise(double value, int64_t channel) const {
  return (value - mean_[channel]) / stddev_[channel];
}

double Normaliser::denormalise(double value, int64_t channel) const {
  return value * stddev_[channel] + mean_[channel];
}

void Normaliser::denormalise(TensorView values, std::span<const int64_t> channels) const {
  require(!channels.empty(), "normaliser: denormalise needs at least one channel");
  for (int64_t c : channels)
    require(0 <= c && c < this->channels(),
            fmt::format("normaliser: channel {} out of range (fitted on {})", c,
                        this->channels()));
  const auto width = static_cast<int64_t>(channels.size());
  for (int64_t i = 0; i < values.numel(); ++i)
    values[i] = static_cast<float>(denormalise(values[i], channels[i % width]));
}

void to_json(nlohmann::json& json, const Normaliser& normaliser) {
  json = {{"mean", normaliser.mean()}, {"std", normaliser.stddev()}};
}

void from_json(const nlohmann::json& json, Normaliser& normaliser) {
  try {
    normaliser = Normaliser(json.at("mean").get<std::vector<double>>(),
                            json.at("std").get<std::vector<double>>());
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("normaliser: malformed JSON ({})", e.what()));
  }
}

}  // namespace flujo::data
