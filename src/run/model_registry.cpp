// The registry of model kinds: the built-in ones and any a program adds with register_model().
// The only place where a model's name decides anything. Kinds are registered before any run
// starts (a program's main); a deque keeps the references find_model() hands out valid.
#include <deque>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/run/model.hpp"
#include "run/autoencoder_model.hpp"
#include "run/esn_model.hpp"
#include "run/recurrent_model.hpp"

namespace flujo::run {
namespace {

std::deque<ModelKind>& kinds() {
  static std::deque<ModelKind> table = {
      recurrent_kind(nn::CellKind::rnn_tanh, "Elman recurrent network (tanh)"),
      recurrent_kind(nn::CellKind::lstm, "long short-term memory"),
      recurrent_kind(nn::CellKind::gru, "gated recurrent unit"),
      esn_kind(),
      autoencoder_kind(),
  };
  return table;
}

// What Model::save writes by default: the channels come from the normaliser in the metadata.
std::unique_ptr<Model> load_safetensors(const ModelKind& kind, const TrainConfig& config,
                                        const std::string& run_dir, data::Normaliser& normaliser) {
  const std::string path = run_dir + "/model.safetensors";
  const SafetensorsFile file = read_safetensors(path);
  const auto it = file.metadata.find("flujo.normaliser");
  require(it != file.metadata.end(), path + ": no normalisation metadata");
  try {
    from_json(nlohmann::json::parse(it->second), normaliser);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": bad normalisation metadata (" + e.what() + ")");
  }
  require(normaliser.channels() > 0, path + ": the normalisation names no channel");
  std::unique_ptr<Model> model = kind.make(config, normaliser.channels());
  ParameterStore* store = model->parameters();
  require(store != nullptr, "the " + kind.name + " model has no parameters: its kind needs a load");
  load_parameters(*store, file, path);
  return model;
}

}  // namespace

void register_model(ModelKind kind) {
  for (const ModelKind& known : kinds())
    require(known.name != kind.name, "a model named '" + kind.name + "' is already registered");
  require(!kind.name.empty() && kind.make, "a model kind needs a name and a factory");
  kinds().push_back(std::move(kind));
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const ModelKind& kind : kinds()) names.push_back(kind.name);
  return names;
}

const ModelKind& find_model(const std::string& name) {
  for (const ModelKind& kind : kinds())
    if (kind.name == name) return kind;
  throw Error("'model' must be " + choice_list(model_names()) + ", got '" + name + "'");
}

std::unique_ptr<Model> make_model(const TrainConfig& config, int64_t channels) {
  return find_model(config.model).make(config, channels);
}

std::unique_ptr<Model> load_model(const TrainConfig& config, const std::string& run_dir,
                                  data::Normaliser& normaliser) {
  const ModelKind& kind = find_model(config.model);
  if (kind.load) return kind.load(config, run_dir, normaliser);
  return load_safetensors(kind, config, run_dir, normaliser);
}

}  // namespace flujo::run
