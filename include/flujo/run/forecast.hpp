#pragma once
// flujo forecast as a library call: scores a trained run's free-running forecasts.
#include <cstdint>
#include <string>

namespace flujo::run {

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

}  // namespace flujo::run
