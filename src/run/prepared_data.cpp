#include "run/prepared_data.hpp"

#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::run {
namespace {

// Seeds for the training trajectory and for the independent held-out one differ by a large odd
// constant so that they never coincide for neighbouring user seeds.
constexpr uint64_t kHeldOutSeedOffset = 0x9E3779B97F4A7C15ull;

struct SystemSeries {
  data::Series observed, full;
};

SystemSeries simulate_observed(const TrainConfig& config, int64_t steps, uint64_t seed) {
  const auto system = dynamics::make_system(config.system);
  dynamics::SimulateOptions options;
  options.samples = steps;
  options.dt = system->kind() == dynamics::SystemKind::map ? 0.0 : config.dt;
  options.seed = seed;
  const dynamics::Trajectory path = dynamics::simulate(*system, options);
  data::Series full(steps, path.coordinates, path.states);
  std::vector<std::string> names = split_list(config.observe);
  require(!names.empty(), "'observe' names no coordinate of " + config.system);
  data::Series observed(steps, names);
  for (size_t c = 0; c < names.size(); ++c) {
    const int64_t source = full.channel_index(names[c]);
    for (int64_t t = 0; t < steps; ++t) observed.at(t, static_cast<int64_t>(c)) = full.at(t, source);
  }
  return {std::move(observed), std::move(full)};
}

std::vector<data::Column> columns_of(const std::string& text) {
  std::vector<data::Column> columns;
  for (const std::string& item : split_list(text)) {
    const bool numeric = !item.empty() && item.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) columns.emplace_back(static_cast<int64_t>(std::stoll(item)));
    else columns.emplace_back(item);
  }
  return columns;
}

// A channel that does not change over the training rows carries nothing to learn, and its
// normalisation would divide by zero: refused, naming the channel after `prefix`.
void require_varying(const data::Series& series, data::TimeRange rows, const std::string& prefix) {
  for (int64_t c = 0; c < series.channels(); ++c) {
    double mean = 0.0, squares = 0.0;
    for (int64_t t = rows.begin; t < rows.end; ++t) mean += series.at(t, c);
    mean /= static_cast<double>(rows.size());
    for (int64_t t = rows.begin; t < rows.end; ++t)
      squares += (series.at(t, c) - mean) * (series.at(t, c) - mean);
    require(std::sqrt(squares / static_cast<double>(rows.size())) >= data::Normaliser::kStdFloor,
            fmt::format("{}column '{}' is constant ({:.6g}) over the {} training rows; a constant "
                        "series cannot be learned (choose other columns)",
                        prefix, series.channel_names()[c], mean, rows.size()));
  }
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string current;
  for (char ch : text + ",") {
    if (ch == ',') {
      const auto begin = current.find_first_not_of(' ');
      if (begin != std::string::npos) items.push_back(current.substr(begin, current.find_last_not_of(' ') - begin + 1));
      current.clear();
    } else {
      current += ch;
    }
  }
  return items;
}

int64_t steps_for_samples(int64_t samples, int64_t look_back, int64_t horizon) {
  return samples + 3 * (look_back + horizon - 1);
}

PreparedData prepare_data(const TrainConfig& config) {
  PreparedData prepared;
  prepared.spec.look_back = config.look_back;
  prepared.spec.horizon = config.rollout;
  if (config.data_file.empty()) {
    const int64_t steps = steps_for_samples(config.samples, config.look_back, config.rollout);
    SystemSeries series = simulate_observed(config, steps, config.seed);
    prepared.observed = std::move(series.observed);
    prepared.true_state = std::move(series.full);
    prepared.dt = config.dt;
  } else {
    prepared.observed = data::read_series(config.data_file, columns_of(config.columns));
    prepared.dt = 1.0;
  }
  try {
    prepared.splits = data::split_chronological(
        prepared.observed.time_steps(),
        {config.train_fraction, config.validation_fraction,
         1.0 - config.train_fraction - config.validation_fraction},
        prepared.spec);
    // A user's file is named by the catch below.
    require_varying(prepared.observed, prepared.splits.train,
                    config.data_file.empty() ? config.system + ": " : "");
    prepared.normaliser = data::Normaliser::fit(prepared.observed, prepared.splits.train);
  } catch (const Error& e) {
    // A user's series that cannot be split or normalised: say which file.
    if (config.data_file.empty()) throw;
    throw Error(config.data_file + ": " + e.what());
  }
  prepared.normalised = prepared.normaliser.normalise(prepared.observed);
  return prepared;
}

HeldOut held_out_trajectory(const TrainConfig& config, int64_t steps, uint64_t variant) {
  HeldOut held_out;
  if (config.data_file.empty()) {
    SystemSeries series = simulate_observed(config, steps, config.seed + variant * kHeldOutSeedOffset);
    held_out.observed = std::move(series.observed);
    held_out.true_state = std::move(series.full);
  } else {
    const PreparedData prepared = prepare_data(config);
    const data::TimeRange rows = variant == 1 ? prepared.splits.test : prepared.splits.validation;
    std::vector<double> values(prepared.observed.data() + rows.begin * prepared.observed.channels(),
                               prepared.observed.data() + rows.end * prepared.observed.channels());
    held_out.observed = data::Series(rows.size(), prepared.observed.channel_names(), std::move(values));
  }
  return held_out;
}

}  // namespace flujo::run
