// Keras-convention windows over a series and the chronological split of its time axis
// (docs/WINDOWS.md). Windows are start indices into the series; only gather() copies.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {

void check_spec(const WindowSpec& spec) {
  require(spec.look_back >= 1, fmt::format("windows: look_back must be ≥ 1, got {}",
                                           spec.look_back));
  require(spec.horizon >= 1, fmt::format("windows: horizon must be ≥ 1, got {}", spec.horizon));
}

std::vector<int64_t> resolve_channels(const std::vector<int64_t>& requested, int64_t channels,
                                      const char* what) {
  if (requested.empty()) {
    std::vector<int64_t> all(static_cast<size_t>(channels));
    for (int64_t c = 0; c < channels; ++c) all[c] = c;
    return all;
  }
  for (int64_t c : requested)
    require(0 <= c && c < channels, fmt::format("windows: {} channel {} out of range (the series "
                                                "has {} channels)", what, c, channels));
  return requested;
}

}  // namespace

int64_t num_samples(int64_t time_steps, int64_t look_back, int64_t horizon) {
  return std::max<int64_t>(0, time_steps - look_back - horizon + 1);
}

Splits split_chronological(int64_t time_steps, const SplitFractions& fractions,
                           const WindowSpec& spec) {
  check_spec(spec);
  const double parts[3] = {fractions.train, fractions.validation, fractions.test};
  for (double part : parts)
    require(std::isfinite(part) && part >= 0.0,
            fmt::format("split: fractions must be finite and ≥ 0, got {}/{}/{}", parts[0],
                        parts[1], parts[2]));
  require(parts[0] > 0.0, "split: the training fraction must be > 0");
  require(parts[0] + parts[1] + parts[2] <= 1.0 + 1e-9,
          fmt::format("split: fractions {}/{}/{} sum to more than 1", parts[0], parts[1],
                      parts[2]));
  // Block boundaries round the cumulative fractions, so 0.7/0.15/0.15 covers every row.
  int64_t bounds[4] = {0, 0, 0, 0};
  double cumulative = 0.0;
  for (int i = 0; i < 3; ++i) {
    cumulative += parts[i];
    bounds[i + 1] = std::min<int64_t>(time_steps, std::llround(cumulative * time_steps));
  }
  const TimeRange ranges[3] = {{bounds[0], bounds[1]}, {bounds[1], bounds[2]},
                               {bounds[2], bounds[3]}};
  const char* names[3] = {"training", "validation", "test"};
  const int64_t needed = spec.look_back + spec.horizon;
  for (int i = 0; i < 3; ++i)
    require(parts[i] == 0.0 || ranges[i].size() >= needed,
            fmt::format("split: the {} split has {} time steps but one window needs look_back {} "
                        "+ horizon {} = {} (T = {})", names[i], ranges[i].size(), spec.look_back,
                        spec.horizon, needed, time_steps));
  return {ranges[0], ranges[1], ranges[2]};
}

WindowDataset::WindowDataset(const Series& series, WindowSpec spec)
    : WindowDataset(series, std::move(spec), TimeRange{0, series.time_steps()}) {}

WindowDataset::WindowDataset(const Series& series, WindowSpec spec, TimeRange range)
    : series_(&series), spec_(std::move(spec)) {
  check_spec(spec_);
  require(0 <= range.begin && range.begin <= range.end && range.end <= series.time_steps(),
          fmt::format("windows: rows [{}, {}) outside the series' {} time steps", range.begin,
                      range.end, series.time_steps()));
  input_channels_ = resolve_channels(spec_.input_channels, series.channels(), "input");
  target_channels_ = resolve_channels(spec_.target_channels, series.channels(), "target");
  const int64_t count = num_samples(range.size(), spec_.look_back, spec_.horizon);
  starts_.resize(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) starts_[i] = range.begin + i;
}

SeriesView WindowDataset::input(int64_t sample) const {
  const int64_t s = starts_.at(sample);
  return series_->rows(s, s + spec_.look_back);
}

SeriesView WindowDataset::target(int64_t sample) const {
  const int64_t s = starts_.at(sample) + spec_.look_back;
  return series_->rows(s, s + spec_.horizon);
}

std::pair<TensorView, TensorView> WindowDataset::gather(std::span<const int64_t> samples,
                                                        TensorView inputs,
                                                        TensorView targets) const {
  const auto batch = static_cast<int64_t>(samples.size());
  const int64_t look_back = spec_.look_back, features = input_features();
  const int64_t target_width = spec_.horizon * target_features();
  require(inputs.shape.rank() == 3 && inputs.shape[0] >= batch &&
              inputs.shape[1] == look_back && inputs.shape[2] == features,
          fmt::format("gather: input buffer {} cannot hold ({}, {}, {})", inputs.shape.str(),
                      batch, look_back, features));
  require(targets.shape.rank() == 2 && targets.shape[0] >= batch &&
              targets.shape[1] == target_width,
          fmt::format("gather: target buffer {} cannot hold ({}, {})", targets.shape.str(), batch,
                      target_width));
  const int64_t channels = series_->channels();
  for (int64_t b = 0; b < batch; ++b) {
    require(0 <= samples[b] && samples[b] < size(),
            fmt::format("gather: sample {} out of range [0, {})", samples[b], size()));
    const double* window = series_->data() + starts_[samples[b]] * channels;
    float* in = inputs.data + b * look_back * features;
    for (int64_t t = 0; t < look_back; ++t)
      for (int64_t f = 0; f < features; ++f)
        in[t * features + f] = static_cast<float>(window[t * channels + input_channels_[f]]);
    const double* target_rows = window + look_back * channels;
    float* out = targets.data + b * target_width;
    for (int64_t j = 0; j < spec_.horizon; ++j)
      for (int64_t c = 0; c < target_features(); ++c)
        out[j * target_features() + c] =
            static_cast<float>(target_rows[j * channels + target_channels_[c]]);
  }
  return {TensorView{inputs.data, {batch, look_back, features}},
          TensorView{targets.data, {batch, target_width}}};
}

}  // namespace flujo::data
