#include "run/run_files.hpp"

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"

namespace flujo::run {

RunFiles::RunFiles(std::string directory) : directory_(std::move(directory)) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  require(!error, directory_ + ": cannot create the run directory (" + error.message() + ")");
}

void RunFiles::write_text(const std::string& file, const std::string& contents) const {
  write_file_atomically(path(file), contents);
}

void RunFiles::write_config(const TrainConfig& config) const { write_text("config.toml", to_toml(config)); }

void RunFiles::write_metrics(const TrainSummary& s) const {
  const nlohmann::json json = {{"epochs_run", s.epochs_run},
                               {"best_epoch", s.best_epoch},
                               {"best_validation_loss", s.best_validation_loss},
                               {"test_loss", s.test_loss},
                               {"train_seconds", s.seconds},
                               {"samples_per_second", s.samples_per_second},
                               {"parameters", s.parameters}};
  write_text("metrics.json", json.dump(2) + "\n");
}

HistoryWriter::HistoryWriter(const RunFiles& run, const std::string& step_column,
                             const std::string& rate_column)
    : run_(run),
      rows_(step_column + ",loss,validation_loss,learning_rate,seconds," + rate_column + "\n") {}

void HistoryWriter::append(int64_t epoch, double loss, double validation_loss, double lr,
                           double seconds, double samples_per_second) {
  char line[256];
  std::snprintf(line, sizeof line, "%lld,%.8g,%.8g,%.6g,%.4f,%.1f\n", static_cast<long long>(epoch),
                loss, validation_loss, lr, seconds, samples_per_second);
  rows_ += line;
  run_.write_text("history.csv", rows_);
}

}  // namespace flujo::run
