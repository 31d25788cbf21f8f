#include "run/checkpoint.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "run/state_tensors.hpp"

namespace flujo::run {
namespace {

constexpr const char* kFormat = "flujo-checkpoint-1";

nlohmann::json loop_to_json(const LoopState& s, const optim::Optimizer& optimizer) {
  const nlohmann::json history = history_to_json(s.history);
  nlohmann::json order;
  data::to_json(order, s.order);
  return {{"epoch", s.epoch},           {"step", s.step},
          {"epoch_loss", exact_number(s.epoch_loss)}, {"epoch_seen", s.epoch_seen},
          {"best_validation", exact_number(s.best_validation)}, {"best_epoch", s.best_epoch},
          {"stale_epochs", s.stale_epochs}, {"epochs_run", s.epochs_run},
          {"threads", s.threads},       {"seconds", exact_number(s.seconds)},
          {"optimizer_steps", optimizer.steps_taken()}, {"history", history},
          {"order", order}};
}

LoopState loop_from_json(const nlohmann::json& json, optim::Optimizer& optimizer) {
  LoopState s;
  s.epoch = json.at("epoch").get<int64_t>();
  s.step = json.at("step").get<int64_t>();
  s.epoch_loss = exact_number_from(json.at("epoch_loss"));
  s.epoch_seen = json.at("epoch_seen").get<int64_t>();
  s.best_validation = exact_number_from(json.at("best_validation"));
  s.best_epoch = json.at("best_epoch").get<int64_t>();
  s.stale_epochs = json.at("stale_epochs").get<int64_t>();
  s.epochs_run = json.at("epochs_run").get<int64_t>();
  s.threads = json.at("threads").get<int64_t>();
  s.seconds = exact_number_from(json.at("seconds"));
  s.history = history_from_json(json.at("history"));
  data::from_json(json.at("order"), s.order);
  require(s.epoch >= 1 && s.step >= 0 && s.epoch_seen >= 0 && s.threads >= 1,
          "epoch, step, epoch_seen or threads out of range");
  optimizer.set_steps_taken(json.at("optimizer_steps").get<int64_t>());
  return s;
}

}  // namespace

nlohmann::json history_to_json(const std::vector<HistoryRow>& history) {
  nlohmann::json rows = nlohmann::json::array();
  for (const HistoryRow& row : history)
    rows.push_back({row.epoch, exact_number(row.loss), exact_number(row.validation_loss),
                    exact_number(row.learning_rate), exact_number(row.seconds), exact_number(row.samples_per_second)});
  return rows;
}

std::vector<HistoryRow> history_from_json(const nlohmann::json& json) {
  std::vector<HistoryRow> history;
  for (const auto& row : json) {
    require(row.is_array() && row.size() == 6, "a history row needs 6 values");
    history.push_back({row[0].get<int64_t>(), exact_number_from(row[1]), exact_number_from(row[2]),
                       exact_number_from(row[3]), exact_number_from(row[4]), exact_number_from(row[5])});
  }
  return history;
}

std::string checkpoint_path(const std::string& run_dir) {
  return run_dir + "/checkpoint.safetensors";
}

void save_checkpoint(const std::string& path, const TrainConfig& config, const LoopState& state,
                     const ParameterStore& store, const std::vector<float>& best_weights,
                     optim::Optimizer& optimizer) {
  std::vector<SavedBuffer> buffers = {
      {"weights", {store.values(), static_cast<size_t>(store.numel())}},
      {"best_weights", best_weights}};
  for (SavedBuffer& buffer : saved_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  write_state_tensors(path, buffers,
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
  read_checkpoint_metadata(path, "flujo.config or flujo.loop", [&] {
    require_same_config(path, nlohmann::json::parse(file.metadata.at("flujo.config")),
                        to_json(config), "config.toml", "out");
    state = loop_from_json(nlohmann::json::parse(file.metadata.at("flujo.loop")), optimizer);
  });
  best_weights.resize(static_cast<size_t>(store.numel()));
  std::vector<RestoredBuffer> buffers = {
      {"weights", {store.values(), static_cast<size_t>(store.numel())}},
      {"best_weights", best_weights}};
  for (RestoredBuffer& buffer : restored_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  read_state_tensors(file, path, buffers,
                     "holds optimizer state that " + config.optimizer + " does not have");
  return state;
}

}  // namespace flujo::run
