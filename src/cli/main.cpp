// flujo's entry point: builds the command tree, runs the chosen command, and turns every failure
// a user can cause into one line on stderr and exit code 2.
#include <cstdio>
#include <exception>
#include <string>

#include "commands.hpp"
#include "flujo/core.hpp"

int main(int argc, char** argv) {
  CLI::App app{"flujo: train recurrent networks, transformers and autoencoders on sequences, and "
               "measure how their hidden states recreate the flow of the dynamics behind the data"};
  app.set_version_flag("--version", "flujo 0.1.0");
  app.require_subcommand(1);
  flujo::cli::register_menu(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    for (char& ch : message)
      if (ch == '\n') ch = ' ';
    std::fprintf(stderr, "flujo: error: %s (see flujo --help)\n", message.c_str());
    return 2;
  } catch (const flujo::Error& e) {
    std::fprintf(stderr, "flujo: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "flujo: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
