// flujo demo: the lecture end to end on the built-in default — train the default LSTM on Lorenz
// x, forecast, analyze — and print where the report is. Opens nothing.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flujo/run.hpp"

namespace flujo::cli {

void print_flow_summary(const nlohmann::json& flow);

void register_demo(CLI::App& app) {
  auto* command = app.add_subcommand("demo", "The lecture end to end: train, forecast, analyze (a few minutes)");
  auto out = std::make_shared<std::string>("runs/demo");
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--out", *out, "run directory; default runs/demo");
  command->add_flag("--quiet", *quiet, "no progress bar");
  command->callback([out, quiet] {
    const auto started = std::chrono::steady_clock::now();
    run::TrainConfig config = run::demo_config();
    config.out = *out;
    std::printf("1/3 train: %s %lld on %s %s, %lld windows of look_back %lld\n", config.model.c_str(),
                static_cast<long long>(config.hidden), config.system.c_str(), config.observe.c_str(),
                static_cast<long long>(config.samples), static_cast<long long>(config.look_back));
    const run::TrainSummary trained = run::train_run(config, !*quiet);
    std::printf("    %lld epochs in %.0f s, test loss %.3g\n", static_cast<long long>(trained.epochs_run),
                trained.seconds, trained.test_loss);
    std::printf("2/3 forecast\n");
    const run::ForecastSummary forecast = run::forecast_run(*out, {});
    std::printf("    valid prediction time: median %.2f Lyapunov times (q25 %.2f, q75 %.2f); persistence %.2f\n",
                forecast.vpt_lyapunov_median, forecast.vpt_lyapunov_q25, forecast.vpt_lyapunov_q75,
                forecast.persistence_vpt_lyapunov_median);
    std::printf("3/3 analyze\n");
    print_flow_summary(run::analyze_run(*out, {}));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("done in %.0f s. Report: %s/report.html\n", seconds, out->c_str());
  });
}

}  // namespace flujo::cli
