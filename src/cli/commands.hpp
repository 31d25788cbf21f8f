#pragma once
// Each subcommand lives in its own file and registers itself on the app with one function.
// A command's callback throws flujo::Error for bad input; main turns that into exit code 2.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace flujo::cli {

// The whole command line: parses argv, runs the chosen command, returns the exit code.
int run_command_line(int argc, char** argv);

// Re-executes once with OPENBLAS_CORETYPE set when OpenBLAS would pick slow kernels.
void ensure_fast_blas_kernels(char** argv);

void register_menu(CLI::App& app);
void register_train(CLI::App& app);
void register_forecast(CLI::App& app);
void register_analyze(CLI::App& app);
void register_demo(CLI::App& app);
void register_simulate(CLI::App& app);
void register_inspect(CLI::App& app);
void register_env(CLI::App& app);
void register_words(CLI::App& app);
void register_movie(CLI::App& app);
void register_autoencode(CLI::App& app);

// How an autoencode run's latent decodes the true state, beside the control (metrics.json's
// "decode"): printed by autoencode and by analyze.
void print_latent_summary(const nlohmann::json& decode);

}  // namespace flujo::cli
