#pragma once
// RUN/checkpoint.safetensors: everything the epoch loop needs to continue exactly where it
// stopped, in one file written atomically (temporary file, fsync, rename), so the previous
// checkpoint stays whole until the new one is complete.
//   tensors (float32, flat, laid out like the parameter buffer): "weights", "best_weights",
//           "optimizer.<buffer>" (e.g. optimizer.exp_avg, optimizer.exp_avg_sq)
//   metadata: "format" = flujo-checkpoint-1, "flujo.config" (the TrainConfig as JSON) and
//           "flujo.loop" (LoopState as JSON; doubles as hex floats so that they round-trip
//           bit for bit, infinities and NaN included).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core/parameters.hpp"
#include "flujo/data.hpp"
#include "flujo/optim.hpp"
#include "flujo/run.hpp"

namespace flujo::run {

// One row of history.csv (autoencode's rate is frames per second).
struct HistoryRow {
  int64_t epoch = 0;
  double loss = 0.0, validation_loss = 0.0, learning_rate = 0.0;
  double seconds = 0.0, samples_per_second = 0.0;
};
// The rows in a checkpoint's loop state, as exact numbers; history_from_json throws Error for a
// row that is not six values.
nlohmann::json history_to_json(const std::vector<HistoryRow>& history);
std::vector<HistoryRow> history_from_json(const nlohmann::json& json);

// The epoch loop's position and bookkeeping between two steps.
struct LoopState {
  int64_t epoch = 1;         // the epoch in progress or next (epochs + 1 once the loop is over)
  int64_t step = 0;          // optimizer steps of the whole run: the schedule's position
  double epoch_loss = 0.0;   // Σ loss × windows over this epoch's steps so far
  int64_t epoch_seen = 0;    // windows of this epoch trained on so far
  double best_validation = INFINITY;
  int64_t best_epoch = 0;
  int64_t stale_epochs = 0;  // epochs since the validation loss last improved
  int64_t epochs_run = 0;
  int64_t threads = 1;       // BLAS threads: results repeat bit for bit only with the same count
  double seconds = 0.0;      // training time so far, over every resumed part
  std::vector<HistoryRow> history;
  data::BatchOrder::State order;
};

std::string checkpoint_path(const std::string& run_dir);

// Writes the checkpoint. When that fails (e.g. "No space left on device") it throws Error naming
// the path and the system's reason, and the previous checkpoint is intact.
void save_checkpoint(const std::string& path, const TrainConfig& config, const LoopState& state,
                     const ParameterStore& store, const std::vector<float>& best_weights,
                     optim::Optimizer& optimizer);

// Restores a checkpoint into a model store and optimizer built from `config` and returns the
// loop state. Throws Error naming the path when the file is malformed, was written for another
// configuration (naming the first key that differs) or does not fit the model.
LoopState load_checkpoint(const std::string& path, const TrainConfig& config,
                          ParameterStore& store, std::vector<float>& best_weights,
                          optim::Optimizer& optimizer);

}  // namespace flujo::run
