// flujo's entry point. A program that adds models of its own (run::register_model) calls
// cli::run_command_line after registering them and gets the same command line.
#include "commands.hpp"

int main(int argc, char** argv) { return flujo::cli::run_command_line(argc, argv); }
