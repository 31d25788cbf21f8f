#pragma once
// The progress bar of long work: what a user watches (loss, validation loss, samples/s, time
// left). On a terminal it redraws one line; elsewhere (CI, pipes) it prints one line per epoch.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace flujo::run {

class ProgressBar {
 public:
  // `unit` names what total_units counts (its rate is shown per second) and `period` what one
  // finish_epoch closes: "samples" and "epoch" for series, "tokens" and "evaluation" for words.
  ProgressBar(std::string label, int64_t total_units, bool enabled, std::string unit = "samples",
              std::string period = "epoch");

  // Called during an epoch: units done within the epoch so far and the running loss.
  void update(int64_t units_done, double running_loss);
  // Closes the epoch's line with the final figures.
  void finish_epoch(int64_t epoch, int64_t epochs, double loss, double validation_loss,
                    const std::string& note);

  void start_epoch();

 private:
  std::string label_;
  int64_t total_units_;
  std::string unit_, period_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point epoch_start_, run_start_;
  std::chrono::steady_clock::time_point last_draw_;
  int64_t epochs_done_ = 0;
  double seconds_per_epoch_ = 0.0;
};

}  // namespace flujo::run
