#pragma once
// The run directory's files, each written atomically (temporary file, fsync, rename), so that a
// crash or a full disk never leaves a half-written file behind.
#include <string>

#include "flujo/core/parameters.hpp"
#include "flujo/data.hpp"
#include "flujo/train.hpp"

namespace flujo::train {

class RunFiles {
 public:
  // Creates the directory if needed; throws Error naming it when that fails.
  explicit RunFiles(std::string directory);

  const std::string& directory() const { return directory_; }
  std::string path(const std::string& file) const { return directory_ + "/" + file; }

  void write_config(const TrainConfig& config) const;
  void write_model(const ParameterStore& store, const TrainConfig& config,
                   const data::Normaliser& normaliser) const;
  void write_metrics(const TrainSummary& summary) const;
  void write_text(const std::string& file, const std::string& contents) const;

 private:
  std::string directory_;
};

// history.csv: epoch, loss, validation loss, learning rate, seconds, samples/s; rewritten whole
// after every epoch so that it is complete at every moment.
class HistoryWriter {
 public:
  explicit HistoryWriter(const RunFiles& run);
  void append(int64_t epoch, double loss, double validation_loss, double lr, double seconds,
              double samples_per_second);

 private:
  const RunFiles& run_;
  std::string rows_;
};

// A trained recurrent model read back from a run directory.
struct LoadedRun {
  TrainConfig config;
  data::Normaliser normaliser;
};
// Reads RUN/config.toml and the normalisation from the model file's metadata; throws Error naming
// the file when the directory is not a flujo run.
LoadedRun load_run(const std::string& directory);

}  // namespace flujo::train
