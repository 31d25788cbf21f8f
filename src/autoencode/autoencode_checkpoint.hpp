#pragma once
// RUN/checkpoint.safetensors of an autoencode run: everything `flujo autoencode --resume` needs to
// continue bit for bit, in one file written atomically. Saved after every epoch and when Ctrl-C
// (SIGINT) or SIGTERM stops training after the step in progress.
//   tensors: "weights" (the flat parameter buffer), "optimizer.<buffer>" (Adam's moments)
//   metadata: "format" = flujo-autoencode-checkpoint-1, "flujo.autoencode.config" (the
//             AutoencodeConfig as JSON) and "flujo.autoencode.loop" (AutoencodeLoopState; doubles
//             as exact hex floats).
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/autoencode.hpp"
#include "flujo/core.hpp"
#include "flujo/data.hpp"
#include "flujo/optim.hpp"
#include "run/checkpoint.hpp"

namespace flujo::autoencode {

// The epoch loop's position and bookkeeping between two optimizer steps.
struct AutoencodeLoopState {
  int64_t epoch = 1;            // the epoch in progress or next (epochs + 1 once the loop is over)
  int64_t step = 0;             // optimizer steps of the whole run: the schedule's position
  double epoch_loss = 0.0;      // Σ loss × frames over this epoch's steps so far
  int64_t epoch_seen = 0;       // inputs of this epoch trained on so far
  double epoch_seconds = 0.0;   // this epoch's training time before the last stop
  double loss = 0.0, validation_loss = 0.0;  // of the last finished epoch
  int64_t threads = 1;          // BLAS threads: results repeat bit for bit only with the same count
  double seconds = 0.0;         // training time so far, over every resumed part
  std::vector<run::HistoryRow> history;
  data::BatchOrder::State order;
  Rng::State noise{};           // the variational autoencoder's ε generator
};

std::string autoencode_checkpoint_path(const std::string& run_dir);

// Throws Error naming the path and the system's reason when the file cannot be written; the
// previous checkpoint is then intact.
void save_autoencode_checkpoint(const std::string& path, const AutoencodeConfig& config,
                                const AutoencodeLoopState& state, const ParameterStore& store,
                                optim::Optimizer& optimizer);

// Restores a checkpoint into a model's store and optimizer built from `config`. Throws Error
// naming the path for a malformed file, one written with another config (naming the first key
// that differs) or one that does not fit the model.
AutoencodeLoopState load_autoencode_checkpoint(const std::string& path, const AutoencodeConfig& config,
                                               ParameterStore& store, optim::Optimizer& optimizer);

}  // namespace flujo::autoencode
