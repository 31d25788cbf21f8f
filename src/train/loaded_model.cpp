#include "train/loaded_model.hpp"

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/data.hpp"
#include "train/esn_run.hpp"
#include "train/prepared_data.hpp"

namespace flujo::train {

LoadedModel load_model(const std::string& run_dir) {
  LoadedRun run = load_run(run_dir);
  LoadedModel loaded;
  loaded.config = run.config;
  if (run.config.model == "esn") {
    loaded.esn.emplace(load_esn(run_dir, loaded.normaliser));
    return loaded;
  }
  loaded.normaliser = run.normaliser;
  const int64_t channels = loaded.normaliser.channels();
  require(channels > 0, run_dir + "/model.safetensors: the normalisation names no channel");
  loaded.model = std::make_unique<SequenceModel>(nn::parse_cell(run.config.model), channels,
                                                 run.config.hidden, run.config.layers);
  const std::string path = run_dir + "/model.safetensors";
  load_parameters(loaded.model->store(), read_safetensors(path), path);
  return loaded;
}

}  // namespace flujo::train
