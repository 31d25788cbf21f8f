#include "run/esn_model.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"

namespace flujo::run {
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

EsnModel::EsnModel(const TrainConfig& config, int64_t channels) : Model(channels) {
  options_.reservoir_size = config.hidden;
  options_.channels = channels;
  options_.spectral_radius = config.spectral_radius;
  options_.leak_rate = config.leak_rate;
  options_.input_scaling = config.input_scaling;
  options_.ridge_alpha = config.ridge;
}

const nn::EchoStateNetwork& EsnModel::network() const {
  require(esn_.has_value(), "the echo state network was neither fitted nor loaded");
  return *esn_;
}

Model::Fit EsnModel::fit(const data::Series& normalised, const data::Splits& splits, Rng& rng) {
  esn_.emplace(options_, rng);
  const data::TimeRange train = splits.train;
  esn_->fit(normalised.data() + train.begin * channels(), train.size());
  Fit result;
  result.validation_loss = one_step_mse(*esn_, normalised, splits.validation);
  result.test_loss = one_step_mse(*esn_, normalised, splits.test);
  result.parameters = static_cast<int64_t>(esn_->readout().weights.size() + esn_->readout().bias.size());
  return result;
}

// Teacher forced over the rows from a zero state at `begin`; the rows before the first full
// window are dropped so that row i predicts row begin + look_back + i, as for windowed models.
std::vector<double> EsnModel::one_step(const data::Series& normalised, int64_t begin, int64_t end,
                                       int64_t look_back) {
  const int64_t c = channels();
  std::vector<double> predicted = network().predict_next(normalised.data() + begin * c, end - begin);
  predicted.erase(predicted.end() - c, predicted.end());  // predicts past the rows
  predicted.erase(predicted.begin(), predicted.begin() + (look_back - 1) * c);
  return predicted;
}

int64_t EsnModel::warmup_steps(int64_t look_back) const {
  return std::max<int64_t>(look_back, network().options().washout);
}

std::vector<double> EsnModel::free_run(const data::Series& normalised,
                                       const std::vector<int64_t>& starts, int64_t warmup,
                                       int64_t steps) {
  const int64_t c = channels();
  std::vector<double> forecast;
  forecast.reserve(starts.size() * steps * c);
  for (int64_t start : starts) {
    const std::vector<double> path = network().forecast(normalised.data() + start * c, warmup, steps);
    forecast.insert(forecast.end(), path.begin(), path.end());
  }
  return forecast;
}

void EsnModel::save(const std::string& run_dir, const TrainConfig&,
                    const data::Normaliser& normaliser) const {
  nlohmann::json normalisation;
  to_json(normalisation, normaliser);
  write_file_atomically(run_dir + "/esn.json",
                        nlohmann::json{{"esn", network().to_json()}, {"normaliser", normalisation}}.dump() + "\n");
}

std::unique_ptr<EsnModel> EsnModel::load(const TrainConfig& config, const std::string& run_dir,
                                         data::Normaliser& normaliser) {
  const std::string path = run_dir + "/esn.json";
  std::ifstream in(path);
  require(in.good(), path + ": cannot open");
  try {
    const nlohmann::json json = nlohmann::json::parse(in);
    from_json(json.at("normaliser"), normaliser);
    auto model = std::make_unique<EsnModel>(config, normaliser.channels());
    model->esn_.emplace(nn::EchoStateNetwork::from_json(json.at("esn")));
    return model;
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a flujo ESN file (" + e.what() + ")");
  }
}

ModelKind esn_kind() {
  ModelKind kind{"esn", "echo state network: a fixed random reservoir, ridge-regression readout",
          [](const TrainConfig& config, int64_t channels) {
            return std::make_unique<EsnModel>(config, channels);
          },
          [](const TrainConfig& config, const std::string& run_dir, data::Normaliser& normaliser) {
            return EsnModel::load(config, run_dir, normaliser);
          }};
  // The fit's design matrix and its ridge system: a row of N + C + 1 features (double) per
  // training row, held about three times over, plus the (N + C + 1)² normal equations.
  kind.training_bytes = [](const TrainConfig& config, int64_t channels, int64_t train_rows) {
    const double features = static_cast<double>(config.hidden + channels + 1);
    const double bytes = 8.0 * features * (3.0 * static_cast<double>(train_rows) + features);
    return bytes > 9e18 ? INT64_MAX : static_cast<int64_t>(bytes);
  };
  // Fitted in closed form: no layers, batches, epochs or optimizer.
  kind.unused_keys = {"layers", "latent", "fnn_weight", "batch", "epochs", "lr",
                      "optimizer", "schedule", "clip", "rollout", "patience"};
  return kind;
}

}  // namespace flujo::run
