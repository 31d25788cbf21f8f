// flujo's command line: builds the command tree, runs the chosen command, and turns every failure
// a user can cause into one line on stderr and exit code 2.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "flujo/core.hpp"

namespace {

// The top level takes flags only, so its first other argument names the command. CLI11 would
// report an unknown command, or an unknown flag before it, as "A subcommand is required"; this
// names it instead. Returns the complaint, or "" when the command line reaches a known command.
std::string unknown_top_level_argument(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("-")) {
      if (app.get_option_no_throw(arg) == nullptr) return "unknown option '" + arg + "'";
      continue;
    }
    const bool known = !app.get_subcommands([&](CLI::App* sub) { return sub->check_name(arg); })
                            .empty();
    return known ? "" : "unknown command '" + arg + "'";
  }
  return "";
}

// Messages go to the terminal as exactly one line.
std::string one_line(std::string message) {
  for (char& ch : message)
    if (ch == '\n') ch = ' ';
  return message;
}

}  // namespace

namespace flujo::cli {

int run_command_line(int argc, char** argv) {
  flujo::cli::ensure_fast_blas_kernels(argv);
  // FLUJO_CPU is checked before anything runs: a level the CPU lacks is refused, not crashed on.
  std::string kernels;
  try {
    kernels = std::string(flujo::level_name(flujo::kernel_level()));
  } catch (const flujo::Error& e) {
    std::fprintf(stderr, "flujo: error: %s\n", one_line(e.what()).c_str());
    return 2;
  }
  CLI::App app{"flujo: train recurrent networks, transformers and autoencoders on sequences, and "
               "measure how their hidden states recreate the flow of the dynamics behind the data"};
  app.set_version_flag("--version", "flujo " FLUJO_VERSION " (kernel level " + kernels +
                                       "; flujo env says more)");
  app.require_subcommand(1);
  flujo::cli::register_menu(app);
  flujo::cli::register_train(app);
  flujo::cli::register_forecast(app);
  flujo::cli::register_analyze(app);
  flujo::cli::register_demo(app);
  flujo::cli::register_simulate(app);
  flujo::cli::register_inspect(app);
  flujo::cli::register_env(app);
  flujo::cli::register_words(app);
  flujo::cli::register_movie(app);
  flujo::cli::register_autoencode(app);
  if (const std::string complaint = unknown_top_level_argument(app, argc, argv);
      !complaint.empty()) {
    std::fprintf(stderr, "flujo: error: %s (see flujo --help)\n", one_line(complaint).c_str());
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    if (chosen.empty() && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
      std::fprintf(stderr, "flujo: error: no command given (see flujo --help)\n");
      return 2;
    }
    const std::string help =
        chosen.empty() ? "flujo --help" : "flujo " + chosen[0]->get_name() + " --help";
    std::fprintf(stderr, "flujo: error: %s (see %s)\n", one_line(e.what()).c_str(), help.c_str());
    return 2;
  } catch (const flujo::Error& e) {
    std::fprintf(stderr, "flujo: error: %s\n", one_line(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "flujo: internal error: %s\n", one_line(e.what()).c_str());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "flujo: internal error: unknown exception\n");
    return 1;
  }
  return 0;
}

}  // namespace flujo::cli
