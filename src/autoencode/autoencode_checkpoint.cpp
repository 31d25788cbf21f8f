#include "autoencode/autoencode_checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "run/state_tensors.hpp"

namespace flujo::autoencode {
namespace {

using run::exact_number;
using run::exact_number_from;

constexpr const char* kFormat = "flujo-autoencode-checkpoint-1";
constexpr const char* kConfigKey = "flujo.autoencode.config";
constexpr const char* kLoopKey = "flujo.autoencode.loop";

nlohmann::json loop_to_json(const AutoencodeLoopState& s, const optim::Optimizer& optimizer) {
  nlohmann::json history = nlohmann::json::array();
  for (const AutoencodeHistoryRow& row : s.history)
    history.push_back({row.epoch, exact_number(row.loss), exact_number(row.validation_loss),
                       exact_number(row.learning_rate), exact_number(row.seconds),
                       exact_number(row.frames_per_second)});
  nlohmann::json order;
  data::to_json(order, s.order);
  return {{"epoch", s.epoch},
          {"step", s.step},
          {"epoch_loss", exact_number(s.epoch_loss)},
          {"epoch_seen", s.epoch_seen},
          {"epoch_seconds", exact_number(s.epoch_seconds)},
          {"loss", exact_number(s.loss)},
          {"validation_loss", exact_number(s.validation_loss)},
          {"threads", s.threads},
          {"seconds", exact_number(s.seconds)},
          {"optimizer_steps", optimizer.steps_taken()},
          {"order", order},
          {"noise", data::rng_state_to_json(s.noise)},
          {"history", history}};
}

AutoencodeLoopState loop_from_json(const nlohmann::json& json, optim::Optimizer& optimizer) {
  AutoencodeLoopState s;
  s.epoch = json.at("epoch").get<int64_t>();
  s.step = json.at("step").get<int64_t>();
  s.epoch_loss = exact_number_from(json.at("epoch_loss"));
  s.epoch_seen = json.at("epoch_seen").get<int64_t>();
  s.epoch_seconds = exact_number_from(json.at("epoch_seconds"));
  s.loss = exact_number_from(json.at("loss"));
  s.validation_loss = exact_number_from(json.at("validation_loss"));
  s.threads = json.at("threads").get<int64_t>();
  s.seconds = exact_number_from(json.at("seconds"));
  data::from_json(json.at("order"), s.order);
  s.noise = data::rng_state_from_json(json.at("noise"));
  for (const auto& row : json.at("history")) {
    require(row.is_array() && row.size() == 6, "a history row needs 6 values");
    s.history.push_back({row[0].get<int64_t>(), exact_number_from(row[1]), exact_number_from(row[2]),
                         exact_number_from(row[3]), exact_number_from(row[4]), exact_number_from(row[5])});
  }
  require(s.epoch >= 1 && s.step >= 0 && s.epoch_seen >= 0 && s.threads >= 1,
          "epoch, step, epoch_seen or threads out of range");
  optimizer.set_steps_taken(json.at("optimizer_steps").get<int64_t>());
  return s;
}

}  // namespace

std::string autoencode_checkpoint_path(const std::string& run_dir) { return run_dir + "/checkpoint.safetensors"; }

void save_autoencode_checkpoint(const std::string& path, const AutoencodeConfig& config,
                                const AutoencodeLoopState& state, const ParameterStore& store,
                                optim::Optimizer& optimizer) {
  std::vector<run::SavedBuffer> buffers = {{"weights", {store.values(), static_cast<size_t>(store.numel())}}};
  for (run::SavedBuffer& buffer : run::saved_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  run::write_state_tensors(path, buffers,
                           {{"format", kFormat},
                            {kConfigKey, to_json(config).dump()},
                            {kLoopKey, loop_to_json(state, optimizer).dump()}});
}

AutoencodeLoopState load_autoencode_checkpoint(const std::string& path, const AutoencodeConfig& config,
                                               ParameterStore& store, optim::Optimizer& optimizer) {
  const SafetensorsFile file = read_safetensors(path);
  const auto format = file.metadata.find("format");
  require(format != file.metadata.end() && format->second == kFormat,
          path + ": not a flujo autoencode checkpoint (format is not " + kFormat + ")");
  AutoencodeLoopState state;
  run::read_checkpoint_metadata(path, std::string(kConfigKey) + " or " + kLoopKey, [&] {
    run::require_same_config(path, nlohmann::json::parse(file.metadata.at(kConfigKey)), to_json(config),
                             "config.json", "out");
    state = loop_from_json(nlohmann::json::parse(file.metadata.at(kLoopKey)), optimizer);
  });
  std::vector<run::RestoredBuffer> buffers = {{"weights", {store.values(), static_cast<size_t>(store.numel())}}};
  for (run::RestoredBuffer& buffer : run::restored_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  run::read_state_tensors(file, path, buffers, "holds optimizer state that Adam does not have");
  return state;
}

}  // namespace flujo::autoencode
