// flujo's command line with one more model: the registry line a user adds for a model of their own.
#include "cli/commands.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {
ModelKind linear_ar_kind();  // tests/run/linear_ar_model.cpp
}

int main(int argc, char** argv) {
  flujo::run::register_model(flujo::run::linear_ar_kind());
  return flujo::cli::run_command_line(argc, argv);
}
