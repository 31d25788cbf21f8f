#pragma once
// flujo train as a library call: train_run() writes a run directory (resolved config, weights,
// history, metrics) that forecast and analyze read back.
//
//   flujo::run::TrainConfig config;               // the lecture's defaults: Lorenz x, 40000/40/1,
//   config.out = "runs/lorenz";                   // LSTM with 40 hidden units
//   flujo::run::train_run(config, /*show_progress=*/true);
//   auto report = flujo::run::forecast_run("runs/lorenz", {});
#include <cstdint>
#include <stdexcept>
#include <string>

#include "flujo/run/config.hpp"

namespace flujo::run {

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

}  // namespace flujo::run
