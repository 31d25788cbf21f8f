#pragma once
// What a run trains on, which model and how: the keys of config.toml, of `flujo train`'s options
// and of the model files' "flujo.config" metadata.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flujo::run {

struct TrainConfig {
  // Data: a built-in system observed through some coordinates, or a user's file.
  std::string system = "lorenz";  // used when data_file is empty
  std::string observe = "x";      // comma-separated coordinates of the system
  std::string data_file;          // CSV or NPY
  std::string columns;            // comma-separated names or 0-based indices in data_file
  double dt = 0.01;               // sampling step of the built-in system
  int64_t samples = 40000;        // num_samples: windows in all splits together
  int64_t look_back = 40;         // time steps per input window
  double train_fraction = 0.7;
  double validation_fraction = 0.15;  // the test split gets the rest

  // Model.
  std::string model = "lstm";  // rnn | lstm | gru | esn | autoencoder
  int64_t hidden = 40;         // hidden_size (reservoir size for esn)
  int64_t layers = 1;
  int64_t latent = 3;          // the autoencoder's latent size (Z)
  double fnn_weight = 0.0;     // the autoencoder's false-nearest-neighbour latent penalty; 0: none

  // Training.
  int64_t batch = 64;
  int64_t epochs = 30;
  double lr = 2e-3;
  std::string optimizer = "adam";  // sgd | adam | adamw
  std::string schedule = "cosine"; // constant | step | cosine
  double clip = 1.0;               // global gradient-norm limit; 0 turns clipping off
  int64_t rollout = 50;            // k: the target is the next k values, predicted closed loop
                                   // (1: one-step teacher forcing)
  int64_t patience = 8;            // early stopping: epochs without validation improvement
  uint64_t seed = 0;
  int64_t threads = 0;             // 0: all cores

  // Echo state network (model = esn).
  double spectral_radius = 1.1;
  double leak_rate = 0.3;
  double input_scaling = 1.0;
  double ridge = 1e-6;

  std::string out = "runs/default";
};

// One configuration key as config.toml and the command line show it.
struct ConfigKey {
  std::string name;   // the TOML / JSON key, e.g. "look_back"
  std::string flag;   // its option, e.g. "--look-back"
  std::string group;  // "Data", "Model", "Training", "Echo state network (--model esn)", "Output"
  std::string help;   // one line, ending with the default taken from TrainConfig{}
};
// Every key, in the order --help lists them.
std::vector<ConfigKey> config_keys();

// The configuration `flujo demo` trains: the lecture's setup with the training recipe that makes
// its free-running forecasts hold (see README).
TrainConfig demo_config();

// Reads a TOML file whose keys are the TrainConfig fields (the long option names; '-' and '_'
// are the same). Unknown keys, wrong types and bad values throw Error naming file and key.
TrainConfig load_config(const std::string& path);
// Applies one "key = value" override given as text (used by the CLI and by load_config).
void set_config_value(TrainConfig& config, const std::string& key, const std::string& value);
// Checks ranges and combinations; throws Error naming the offending key.
void validate(const TrainConfig& config);
nlohmann::json to_json(const TrainConfig& config);
TrainConfig config_from_json(const nlohmann::json& json);
std::string to_toml(const TrainConfig& config);

}  // namespace flujo::run
