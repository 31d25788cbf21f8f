#include "autoencode/autoencode_checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "run/state_tensors.hpp"

namespace flujo::autoencode {
namespace {

using run::exact_number;
using run::exact_number_from;

const run::CheckpointKeys kKeys{.format = "flujo-autoencode-checkpoint-1", .kind = "autoencode",
                                .config_key = "flujo.autoencode.config", .loop_key = "flujo.autoencode.loop",
                                .optimizer_name = "Adam"};

nlohmann::json loop_to_json(const AutoencodeLoopState& s, const optim::Optimizer& optimizer) {
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
          {"history", run::history_to_json(s.history)}};
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
  s.history = run::history_from_json(json.at("history"));
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
  run::save_weights_checkpoint(path, kKeys, to_json(config), loop_to_json(state, optimizer), store, optimizer);
}

AutoencodeLoopState load_autoencode_checkpoint(const std::string& path, const AutoencodeConfig& config,
                                               ParameterStore& store, optim::Optimizer& optimizer) {
  AutoencodeLoopState state;
  // A run may move: the saved directory ("out") may differ.
  run::load_weights_checkpoint(
      path, kKeys, to_json(config), store, optimizer,
      [&](const nlohmann::json& loop) { state = loop_from_json(loop, optimizer); }, "out");
  return state;
}

}  // namespace flujo::autoencode
