#include "commands.hpp"

namespace flujo::cli {

void register_menu(CLI::App& app) {
  auto* menu = app.add_subcommand("menu", "The menu of the day: three cooks as hand-designed and learned networks");
  menu->callback([] {});
}

}  // namespace flujo::cli
