#pragma once
// The run directory's files, each written atomically (temporary file, fsync, rename), so that a
// crash or a full disk never leaves a half-written file behind.
#include <string>

#include "flujo/data.hpp"
#include "flujo/run.hpp"

namespace flujo::run {

class RunFiles {
 public:
  // Creates the directory if needed; throws Error naming it when that fails.
  explicit RunFiles(std::string directory);

  const std::string& directory() const { return directory_; }
  std::string path(const std::string& file) const { return directory_ + "/" + file; }

  void write_config(const TrainConfig& config) const;
  void write_metrics(const TrainSummary& summary) const;
  void write_text(const std::string& file, const std::string& contents) const;

 private:
  std::string directory_;
};

// history.csv: epoch, loss, validation loss, learning rate, seconds, samples/s (words:
// iteration, …, tokens/s); rewritten whole after every row so that it is complete at every moment.
class HistoryWriter {
 public:
  explicit HistoryWriter(const RunFiles& run, const std::string& step_column = "epoch",
                         const std::string& rate_column = "samples_per_second");
  void append(int64_t epoch, double loss, double validation_loss, double lr, double seconds,
              double samples_per_second);

 private:
  const RunFiles& run_;
  std::string rows_;
};

}  // namespace flujo::run
