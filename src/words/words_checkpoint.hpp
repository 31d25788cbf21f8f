#pragma once
// RUN/checkpoint.safetensors of a words run: everything `flujo words train --resume` needs to
// continue bit for bit, in one file written atomically. Saved at every evaluation and when
// Ctrl-C (SIGINT) or SIGTERM stops training.
//   tensors: "weights" (the flat parameter buffer), "optimizer.<buffer>" (AdamW's moments)
//   metadata: "format" = flujo-words-checkpoint-1, "flujo.words.config" (the WordsConfig as
//             JSON) and "flujo.words.loop" (WordsLoopState; doubles as exact hex floats).
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/core.hpp"
#include "flujo/optim.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

// One row of history.csv.
struct WordsHistoryRow {
  int64_t iteration = 0;
  double loss = 0.0, validation_loss = 0.0, learning_rate = 0.0;
  double seconds = 0.0, tokens_per_second = 0.0;
};

// The training loop's position and bookkeeping between two optimizer steps.
struct WordsLoopState {
  int64_t iteration = 0;         // optimizer steps done
  Rng::State rng{};              // the generator of the windows and the dropout masks
  double interval_loss = 0.0;    // Σ loss over this evaluation interval's steps so far
  int64_t interval_steps = 0;
  double train_loss = 0.0, validation_loss = 0.0;  // at the last evaluation
  int64_t threads = 1;           // BLAS threads: results repeat bit for bit only with the same
  double seconds = 0.0;          // training time so far, over every resumed part
  std::vector<WordsHistoryRow> history;
};

std::string words_checkpoint_path(const std::string& run_dir);

// Throws Error naming the path and the system's reason when the file cannot be written; the
// previous checkpoint is then intact.
void save_words_checkpoint(const std::string& path, const WordsConfig& config,
                           const WordsLoopState& state, const ParameterStore& store,
                           optim::Optimizer& optimizer);

// Restores a checkpoint into a model's store and optimizer built from `config`. Throws Error
// naming the path for a malformed file, one written with another config (naming the first key
// that differs) or one that does not fit the model.
WordsLoopState load_words_checkpoint(const std::string& path, const WordsConfig& config,
                                     ParameterStore& store, optim::Optimizer& optimizer);

}  // namespace flujo::words
