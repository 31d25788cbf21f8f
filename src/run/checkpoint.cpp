#include "run/checkpoint.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"

namespace flujo::run {
namespace {

constexpr const char* kFormat = "flujo-checkpoint-1";

// "%a" prints every double exactly (and inf/nan by name); strtod reads all of them back.
std::string exact(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

double from_exact(const nlohmann::json& json) {
  const std::string text = json.get<std::string>();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  require(!text.empty() && end == text.c_str() + text.size(), "'" + text + "' is not a number");
  return value;
}

nlohmann::json loop_to_json(const LoopState& s, const optim::Optimizer& optimizer) {
  nlohmann::json history = nlohmann::json::array();
  for (const HistoryRow& row : s.history)
    history.push_back({row.epoch, exact(row.loss), exact(row.validation_loss),
                       exact(row.learning_rate), exact(row.seconds),
                       exact(row.samples_per_second)});
  nlohmann::json order;
  data::to_json(order, s.order);
  return {{"epoch", s.epoch},           {"step", s.step},
          {"epoch_loss", exact(s.epoch_loss)}, {"epoch_seen", s.epoch_seen},
          {"best_validation", exact(s.best_validation)}, {"best_epoch", s.best_epoch},
          {"stale_epochs", s.stale_epochs}, {"epochs_run", s.epochs_run},
          {"threads", s.threads},       {"seconds", exact(s.seconds)},
          {"optimizer_steps", optimizer.steps_taken()}, {"history", history},
          {"order", order}};
}

LoopState loop_from_json(const nlohmann::json& json, optim::Optimizer& optimizer) {
  LoopState s;
  s.epoch = json.at("epoch").get<int64_t>();
  s.step = json.at("step").get<int64_t>();
  s.epoch_loss = from_exact(json.at("epoch_loss"));
  s.epoch_seen = json.at("epoch_seen").get<int64_t>();
  s.best_validation = from_exact(json.at("best_validation"));
  s.best_epoch = json.at("best_epoch").get<int64_t>();
  s.stale_epochs = json.at("stale_epochs").get<int64_t>();
  s.epochs_run = json.at("epochs_run").get<int64_t>();
  s.threads = json.at("threads").get<int64_t>();
  s.seconds = from_exact(json.at("seconds"));
  for (const auto& row : json.at("history")) {
    require(row.is_array() && row.size() == 6, "a history row needs 6 values");
    s.history.push_back({row[0].get<int64_t>(), from_exact(row[1]), from_exact(row[2]),
                         from_exact(row[3]), from_exact(row[4]), from_exact(row[5])});
  }
  data::from_json(json.at("order"), s.order);
  require(s.epoch >= 1 && s.step >= 0 && s.epoch_seen >= 0 && s.threads >= 1,
          "epoch, step, epoch_seen or threads out of range");
  optimizer.set_steps_taken(json.at("optimizer_steps").get<int64_t>());
  return s;
}

// The configuration must be the one the checkpoint was written with: a changed key (more epochs,
// another lr) would change the schedule or the model, and the run could not continue exactly.
// Only the run directory may differ (a run may be moved).
void check_same_config(const std::string& path, const nlohmann::json& saved,
                       const nlohmann::json& current) {
  for (const auto& [key, value] : current.items()) {
    if (key == "out") continue;
    const std::string was = saved.contains(key) ? saved.at(key).dump() : "(absent)";
    require(saved.contains(key) && saved.at(key) == value,
            path + ": written with " + key + " = " + was + ", but config.toml has " +
                value.dump() + "; restore config.toml or train afresh");
  }
}

const Tensor& flat_tensor(const SafetensorsFile& file, const std::string& path,
                          const std::string& name, int64_t numel) {
  const auto it = file.tensors.find(name);
  require(it != file.tensors.end(), path + ": no tensor named '" + name + "'");
  require(it->second.shape().numel() == numel,
          path + ": tensor '" + name + "' has " + std::to_string(it->second.shape().numel()) +
              " values, the model has " + std::to_string(numel));
  return it->second;
}

}  // namespace

std::string checkpoint_path(const std::string& run_dir) {
  return run_dir + "/checkpoint.safetensors";
}

void save_checkpoint(const std::string& path, const TrainConfig& config, const LoopState& state,
                     const ParameterStore& store, const std::vector<float>& best_weights,
                     optim::Optimizer& optimizer) {
  // A store of flat tensors is what write_safetensors writes; checkpoints happen between steps,
  // so the copies here cost no allocation inside a step.
  const int64_t n = store.numel();
  const auto buffers = optimizer.state_buffers();
  ParameterStore image;
  image.add("weights", Shape{n});
  image.add("best_weights", Shape{n});
  for (const auto& buffer : buffers)
    image.add("optimizer." + buffer.name, Shape{static_cast<int64_t>(buffer.values->size())});
  float* out = image.values();
  out = std::copy(store.values(), store.values() + n, out);
  out = std::copy(best_weights.begin(), best_weights.end(), out);
  for (const auto& buffer : buffers)
    out = std::copy(buffer.values->begin(), buffer.values->end(), out);
  write_safetensors(path, image,
                    {{"format", kFormat},
                     {"flujo.config", to_json(config).dump()},
                     {"flujo.loop", loop_to_json(state, optimizer).dump()}});
}

LoopState load_checkpoint(const std::string& path, const TrainConfig& config,
                          ParameterStore& store, std::vector<float>& best_weights,
                          optim::Optimizer& optimizer) {
  const SafetensorsFile file = read_safetensors(path);
  const auto format = file.metadata.find("format");
  require(format != file.metadata.end() && format->second == kFormat,
          path + ": not a flujo checkpoint (format is not " + kFormat + ")");
  LoopState state;
  try {
    const auto saved_config = nlohmann::json::parse(file.metadata.at("flujo.config"));
    check_same_config(path, saved_config, to_json(config));
    state = loop_from_json(nlohmann::json::parse(file.metadata.at("flujo.loop")), optimizer);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": malformed checkpoint metadata (" + e.what() + ")");
  } catch (const std::out_of_range&) {
    throw Error(path + ": checkpoint metadata lacks flujo.config or flujo.loop");
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.starts_with(path)) throw;
    throw Error(path + ": malformed checkpoint metadata (" + what + ")");
  }
  const int64_t n = store.numel();
  const Tensor& weights = flat_tensor(file, path, "weights", n);
  std::copy(weights.data(), weights.data() + n, store.values());
  const Tensor& best = flat_tensor(file, path, "best_weights", n);
  best_weights.assign(best.data(), best.data() + n);
  size_t restored = 2;
  for (const auto& buffer : optimizer.state_buffers()) {
    const auto size = static_cast<int64_t>(buffer.values->size());
    const Tensor& saved = flat_tensor(file, path, "optimizer." + buffer.name, size);
    buffer.values->assign(saved.data(), saved.data() + size);
    ++restored;
  }
  require(restored == file.tensors.size(),
          path + ": holds optimizer state that " + config.optimizer + " does not have");
  return state;
}

}  // namespace flujo::run
