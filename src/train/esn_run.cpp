#include "train/esn_run.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"

namespace flujo::train {
namespace {

// One-step mean squared error (normalised units) of teacher-forced predictions over rows.
double one_step_mse(const nn::EchoStateNetwork& esn, const data::Series& series, data::TimeRange rows) {
  const int64_t channels = series.channels();
  const double* begin = series.data() + rows.begin * channels;
  const std::vector<double> predicted = esn.predict_next(begin, rows.size());
  const int64_t warm = std::min<int64_t>(esn.options().washout, rows.size() - 2);
  double total = 0.0;
  int64_t count = 0;
  for (int64_t t = warm; t + 1 < rows.size(); ++t)
    for (int64_t c = 0; c < channels; ++c) {
      const double error = predicted[t * channels + c] - begin[(t + 1) * channels + c];
      total += error * error;
      ++count;
    }
  return count ? total / count : NAN;
}

}  // namespace

nn::EsnOptions esn_options(const TrainConfig& config, int64_t channels) {
  nn::EsnOptions options;
  options.reservoir_size = config.hidden;
  options.channels = channels;
  options.spectral_radius = config.spectral_radius;
  options.leak_rate = config.leak_rate;
  options.input_scaling = config.input_scaling;
  options.ridge_alpha = config.ridge;
  return options;
}

TrainSummary train_esn(const TrainConfig& config, const PreparedData& prepared, const RunFiles& run) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t channels = prepared.normalised.channels();
  Rng rng(config.seed);
  nn::EchoStateNetwork esn(esn_options(config, channels), rng);
  const data::TimeRange train = prepared.splits.train;
  esn.fit(prepared.normalised.data() + train.begin * channels, train.size());
  nlohmann::json normalisation;
  to_json(normalisation, prepared.normaliser);
  run.write_text("esn.json", nlohmann::json{{"esn", esn.to_json()}, {"normaliser", normalisation}}.dump() + "\n");

  TrainSummary summary;
  summary.run_dir = config.out;
  summary.epochs_run = 1;
  summary.best_epoch = 1;
  summary.best_validation_loss = one_step_mse(esn, prepared.normalised, prepared.splits.validation);
  summary.test_loss = one_step_mse(esn, prepared.normalised, prepared.splits.test);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  summary.samples_per_second = train.size() / summary.seconds;
  summary.parameters = static_cast<int64_t>(esn.readout().weights.size() + esn.readout().bias.size());
  run.write_metrics(summary);
  return summary;
}

nn::EchoStateNetwork load_esn(const std::string& directory, data::Normaliser& normaliser) {
  const std::string path = directory + "/esn.json";
  std::ifstream in(path);
  require(in.good(), path + ": cannot open");
  try {
    const nlohmann::json json = nlohmann::json::parse(in);
    from_json(json.at("normaliser"), normaliser);
    return nn::EchoStateNetwork::from_json(json.at("esn"));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a flujo ESN file (" + e.what() + ")");
  }
}

}  // namespace flujo::train
