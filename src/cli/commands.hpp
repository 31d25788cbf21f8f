#pragma once
// Each subcommand lives in its own file and registers itself on the app with one function.
// A command's callback throws flujo::Error for bad input; main turns that into exit code 2.
#include <CLI/CLI.hpp>

namespace flujo::cli {

void register_menu(CLI::App& app);

}  // namespace flujo::cli
