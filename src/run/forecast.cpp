// flujo forecast: one-step error on the test split, free-running forecasts from many starts on an
// independent trajectory, valid prediction time in Lyapunov times and the persistence baseline.
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "flujo/analysis.hpp"
#include "flujo/core.hpp"
#include "flujo/dynamics.hpp"
#include "flujo/run.hpp"
#include "run/loaded_model.hpp"
#include "run/prepared_data.hpp"
#include "run/run_files.hpp"
#include "run/run_lock.hpp"

namespace flujo::run {
namespace {

struct Exponent {
  double value;
  std::string source;
};

Exponent largest_exponent(const TrainConfig& config, double given) {
  if (given > 0) return {given, "given (--lyapunov)"};
  if (!config.data_file.empty()) return {1.0, "unknown: valid times are in time units"};
  const auto system = dynamics::make_system(config.system);
  dynamics::LyapunovOptions options;
  options.count = 1;
  options.seed = config.seed;
  return {dynamics::lyapunov_spectrum(*system, options).exponents.at(0), "computed from the equations"};
}

std::vector<double> denormalise(std::vector<double> values, const data::Normaliser& normaliser,
                                int64_t channels) {
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = normaliser.denormalise(values[i], static_cast<int64_t>(i % channels));
  return values;
}

}  // namespace

ForecastSummary forecast_run(const std::string& run_dir, const ForecastOptions& options) {
  require(options.starts > 0, "'--starts' must be positive");
  require(options.horizon > 0, "'--horizon' must be positive");
  LoadedModel loaded = load_trained(run_dir);
  const RunLock lock(run_dir);
  Model& model = *loaded.model;
  const TrainConfig& config = loaded.config;
  const data::Normaliser& normaliser = loaded.normaliser;
  const Exponent exponent = largest_exponent(config, options.lyapunov);
  const double dt = config.data_file.empty() ? config.dt : 1.0;
  const int64_t horizon_steps = std::max<int64_t>(1, std::llround(options.horizon / (exponent.value * dt)));
  const int64_t warmup = model.warmup_steps(config.look_back);
  // Starts one Lyapunov time apart (at least a window), so that forecasts are nearly independent.
  const int64_t stride = std::max<int64_t>(warmup, std::llround(1.0 / (exponent.value * dt)));

  ForecastSummary summary;
  summary.lyapunov_exponent = exponent.value;
  summary.lyapunov_source = exponent.source;
  summary.horizon_steps = horizon_steps;

  // One-step error on the test split of the training data (teacher forced), in units of σ.
  const PreparedData prepared = prepare_data(config);
  const int64_t channels = prepared.observed.channels();
  const data::TimeRange test = prepared.splits.test;
  {
    const std::vector<double> predicted =
        model.one_step(prepared.normalised, test.begin, test.end, config.look_back);
    const int64_t rows = static_cast<int64_t>(predicted.size()) / channels;
    std::vector<double> truth(prepared.normalised.data() + (test.end - rows) * channels,
                              prepared.normalised.data() + test.end * channels);
    const std::vector<double> unit(channels, 1.0);
    summary.one_step_nrmse = analysis::nrmse(predicted.data(), truth.data(), rows, channels, unit);
  }

  // Free runs on an independent trajectory (built-in systems) or the test split (user files).
  int64_t available = 0;
  HeldOut held_out;
  if (config.data_file.empty()) {
    held_out = held_out_trajectory(config, options.starts * stride + warmup + horizon_steps);
  } else {
    held_out = held_out_trajectory(config, 0);
  }
  available = held_out.observed.time_steps() - warmup - horizon_steps;
  require(available >= 0, run_dir + ": the test split (" + std::to_string(held_out.observed.time_steps()) +
                              " rows) is too short for a forecast of " + std::to_string(horizon_steps) +
                              " steps after a warm-up of " + std::to_string(warmup));
  std::vector<int64_t> starts;
  for (int64_t s = 0; s <= available && static_cast<int64_t>(starts.size()) < options.starts; s += stride)
    starts.push_back(s);
  summary.starts = static_cast<int64_t>(starts.size());
  const data::Series normalised = normaliser.normalise(held_out.observed);
  std::vector<double> forecast = model.free_run(normalised, starts, warmup, horizon_steps);
  forecast = denormalise(std::move(forecast), normaliser, channels);

  const data::Series& truth = held_out.observed;
  const std::vector<double> sigma = analysis::channel_std(truth.data(), truth.time_steps(), channels);
  const analysis::ValidTimeOptions valid{options.threshold, dt, exponent.value};
  std::vector<double> vpt, persistence;
  for (size_t i = 0; i < starts.size(); ++i) {
    const double* actual = truth.data() + (starts[i] + warmup) * channels;
    const double* predicted = forecast.data() + i * horizon_steps * channels;
    vpt.push_back(analysis::valid_prediction_time(predicted, actual, horizon_steps, channels, sigma, valid)
                      .lyapunov_times);
    persistence.push_back(analysis::persistence_valid_time(actual - channels, actual, horizon_steps,
                                                           channels, sigma, valid)
                              .lyapunov_times);
  }
  const analysis::Summary model_summary = analysis::summarize(vpt);
  summary.vpt_lyapunov_median = model_summary.median;
  summary.vpt_lyapunov_q25 = model_summary.q25;
  summary.vpt_lyapunov_q75 = model_summary.q75;
  summary.persistence_vpt_lyapunov_median = analysis::summarize(persistence).median;

  RunFiles run(run_dir);
  const nlohmann::json json = {{"one_step_nrmse", summary.one_step_nrmse},
                               {"vpt_lyapunov_median", summary.vpt_lyapunov_median},
                               {"vpt_lyapunov_q25", summary.vpt_lyapunov_q25},
                               {"vpt_lyapunov_q75", summary.vpt_lyapunov_q75},
                               {"persistence_vpt_lyapunov_median", summary.persistence_vpt_lyapunov_median},
                               {"vpt_lyapunov", vpt},
                               {"lyapunov_exponent", summary.lyapunov_exponent},
                               {"lyapunov_source", summary.lyapunov_source},
                               {"threshold", options.threshold},
                               {"starts", summary.starts},
                               {"warmup_steps", warmup},
                               {"horizon_steps", horizon_steps},
                               {"dt", dt}};
  run.write_text("forecast.json", json.dump(2) + "\n");

  std::ostringstream csv;
  csv << "start,step,time";
  for (const std::string& name : truth.channel_names()) csv << ",true_" << name << ",forecast_" << name;
  csv << "\n";
  csv.precision(9);
  const int64_t kept = std::min<int64_t>(options.csv_starts, summary.starts);
  for (int64_t i = 0; i < kept; ++i)
    for (int64_t j = 0; j < horizon_steps; ++j) {
      csv << i << "," << j << "," << (j + 1) * dt;
      for (int64_t c = 0; c < channels; ++c)
        csv << "," << truth.at(starts[i] + warmup + j, c) << ","
            << forecast[(i * horizon_steps + j) * channels + c];
      csv << "\n";
    }
  run.write_text("forecasts.csv", csv.str());
  return summary;
}

}  // namespace flujo::run
