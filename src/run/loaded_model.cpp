#include "run/loaded_model.hpp"

#include <filesystem>

#include "flujo/core/error.hpp"

namespace flujo::run {

LoadedModel load_trained(const std::string& run_dir) {
  const std::string config_path = run_dir + "/config.toml";
  require(std::filesystem::exists(config_path),
          run_dir + ": not a flujo run directory (no config.toml)");
  LoadedModel loaded;
  loaded.config = load_config(config_path);
  loaded.model = load_model(loaded.config, run_dir, loaded.normaliser);
  return loaded;
}

}  // namespace flujo::run
