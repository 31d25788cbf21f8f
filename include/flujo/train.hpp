#pragma once
// flujo train: the lecture's experiment as a library call. A TrainConfig says what data, which
// model and how to train; train_run() writes a run directory (resolved config, weights, history,
// metrics) that forecast and analyze read back.
//
//   flujo::train::TrainConfig config;             // the lecture's defaults: Lorenz x, 40000/40/1,
//   config.out = "runs/lorenz";                   // LSTM with 40 hidden units
//   flujo::train::train_run(config, /*show_progress=*/true);
//   auto report = flujo::train::forecast_run("runs/lorenz", {});
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flujo::train {

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
  std::string model = "lstm";  // rnn | lstm | gru | esn
  int64_t hidden = 40;         // hidden_size (reservoir size for esn)
  int64_t layers = 1;

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

// What a finished training run reports (also written to RUN/metrics.json).
struct TrainSummary {
  std::string run_dir;
  int64_t epochs_run = 0;
  int64_t best_epoch = 0;
  double best_validation_loss = 0.0;  // normalised units (MSE)
  double test_loss = 0.0;             // normalised units (MSE) with the best weights
  double seconds = 0.0;
  double samples_per_second = 0.0;
  int64_t parameters = 0;
};

// Trains as configured and writes the run directory: config.toml (resolved), model.safetensors
// (weights under PyTorch's names; config and normalisation in its metadata) or esn.json,
// history.csv (one row per epoch) and metrics.json. A progress bar goes to stderr when asked.
// RUN/checkpoint.safetensors is saved atomically after every epoch and, when checkpoint_every > 0,
// every that many optimizer steps. NaN or Inf in the loss, gradient norm or weights throws Error
// naming the epoch and step; the last good checkpoint stays. SIGINT/SIGTERM: see Interrupted.
TrainSummary train_run(const TrainConfig& config, bool show_progress,
                       int64_t checkpoint_every = 0);

// Continues the run in run_dir from RUN/config.toml and RUN/checkpoint.safetensors (from the
// start when no checkpoint was saved yet). The result is bitwise identical to a run never
// stopped, with the thread count the run started with. Throws Error when the checkpoint does not
// fit config.toml.
TrainSummary resume_run(const std::string& run_dir, bool show_progress,
                        int64_t checkpoint_every = 0);

// Thrown by train_run and resume_run after SIGINT or SIGTERM: the step in progress finished and
// a checkpoint was saved; what() says where and how to resume. Not an Error: the CLI exits with
// 128 + signal (130, 143).
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal_number, const std::string& message)
      : std::runtime_error(message), signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

struct ForecastOptions {
  int64_t starts = 100;          // free-running forecasts from this many starts
  double horizon = 10.0;         // forecast length in Lyapunov times (time units without λ1)
  double lyapunov = 0.0;         // λ1; 0 → computed from the built-in system's equations
  double threshold = 0.5;        // valid while |x̂ − x| / σ_x stays below this
  int64_t csv_starts = 5;        // how many starts forecasts.csv keeps for plotting
};

struct ForecastSummary {
  double one_step_nrmse = 0.0;
  double lyapunov_exponent = 0.0;  // λ1 used (1 when unknown: valid times are then time units)
  std::string lyapunov_source;
  int64_t starts = 0;
  int64_t horizon_steps = 0;
  double vpt_lyapunov_median = 0.0, vpt_lyapunov_q25 = 0.0, vpt_lyapunov_q75 = 0.0;
  double persistence_vpt_lyapunov_median = 0.0;
};

// Scores a trained run: one-step error on the test split, then free-running forecasts (warm-up on
// the true look_back window, then predictions fed back) from many starts on a trajectory never
// used in training; writes RUN/forecast.json and RUN/forecasts.csv.
ForecastSummary forecast_run(const std::string& run_dir, const ForecastOptions& options);

struct AnalyzeOptions {
  int64_t points = 4000;           // held-out time steps whose hidden states are recorded
  int64_t neighbours = 10;         // k of trustworthiness, continuity and false neighbours
  int64_t neighbour_points = 2000; // evenly spaced points the neighbourhood metrics use
  int64_t free_run_steps = 20000;  // length of the free run the invariants are measured on
  std::string export_dir;          // when set: hidden states, inputs, true state as .npy
  bool report = true;              // write RUN/report.html and the SVG figures
};

// Records the trained network's hidden states over a held-out trajectory, compares them (and the
// controls: the raw input window and a delay embedding) with the true state, runs the network
// free and measures the invariants of what it generates against the truth and the truth-vs-truth
// floor. Writes RUN/flow.json (returned) and, unless disabled, RUN/report.html.
nlohmann::json analyze_run(const std::string& run_dir, const AnalyzeOptions& options);

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

}  // namespace flujo::train
