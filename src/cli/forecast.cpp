// flujo forecast RUN: one-step error and free-running valid prediction time of a trained run.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/run.hpp"

namespace flujo::cli {

void register_forecast(CLI::App& app) {
  auto* command = app.add_subcommand("forecast", "Free-running forecasts and valid prediction time of a trained run");
  auto run_dir = std::make_shared<std::string>();
  auto options = std::make_shared<run::ForecastOptions>();
  command->add_option("run", *run_dir, "run directory written by flujo train")->required();
  command->add_option("--starts", options->starts, "number of free-running starts; default 100")
      ->check(CLI::PositiveNumber);
  command->add_option("--horizon", options->horizon, "forecast length in Lyapunov times; default 10")
      ->check(CLI::PositiveNumber);
  command->add_option("--lyapunov", options->lyapunov, "λ1 of the data (default: from the system)")
      ->check(CLI::PositiveNumber);
  command->add_option("--threshold", options->threshold, "valid while |x̂−x|/σ stays below; default 0.5")
      ->check(CLI::PositiveNumber);
  command->callback([run_dir, options] {
    const run::ForecastSummary s = run::forecast_run(*run_dir, *options);
    std::printf("one-step NRMSE %.4g\n", s.one_step_nrmse);
    std::printf("valid prediction time (λ1 = %.4g, %s), %lld starts:\n", s.lyapunov_exponent,
                s.lyapunov_source.c_str(), static_cast<long long>(s.starts));
    std::printf("  model        median %.2f  (q25 %.2f, q75 %.2f) Lyapunov times\n",
                s.vpt_lyapunov_median, s.vpt_lyapunov_q25, s.vpt_lyapunov_q75);
    std::printf("  persistence  median %.2f Lyapunov times\n", s.persistence_vpt_lyapunov_median);
    std::printf("written: %s/forecast.json, %s/forecasts.csv\n", run_dir->c_str(), run_dir->c_str());
  });
}

}  // namespace flujo::cli
