#include "words/words_checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"
#include "run/state_tensors.hpp"

namespace flujo::words {
namespace {

using run::exact_number;
using run::exact_number_from;

const run::CheckpointKeys kKeys{.format = "flujo-words-checkpoint-1", .kind = "words",
                                .config_key = "flujo.words.config", .loop_key = "flujo.words.loop",
                                .optimizer_name = "AdamW"};

nlohmann::json loop_to_json(const WordsLoopState& s, const optim::Optimizer& optimizer) {
  nlohmann::json history = nlohmann::json::array();
  for (const WordsHistoryRow& row : s.history)
    history.push_back({row.iteration, exact_number(row.loss), exact_number(row.validation_loss),
                       exact_number(row.learning_rate), exact_number(row.seconds),
                       exact_number(row.tokens_per_second)});
  return {{"iteration", s.iteration},
          {"rng", data::rng_state_to_json(s.rng)},
          {"interval_loss", exact_number(s.interval_loss)},
          {"interval_steps", s.interval_steps},
          {"train_loss", exact_number(s.train_loss)},
          {"validation_loss", exact_number(s.validation_loss)},
          {"threads", s.threads},
          {"seconds", exact_number(s.seconds)},
          {"optimizer_steps", optimizer.steps_taken()},
          {"history", history}};
}

WordsLoopState loop_from_json(const nlohmann::json& json, optim::Optimizer& optimizer) {
  WordsLoopState s;
  s.iteration = json.at("iteration").get<int64_t>();
  s.rng = data::rng_state_from_json(json.at("rng"));
  s.interval_loss = exact_number_from(json.at("interval_loss"));
  s.interval_steps = json.at("interval_steps").get<int64_t>();
  s.train_loss = exact_number_from(json.at("train_loss"));
  s.validation_loss = exact_number_from(json.at("validation_loss"));
  s.threads = json.at("threads").get<int64_t>();
  s.seconds = exact_number_from(json.at("seconds"));
  for (const auto& row : json.at("history")) {
    require(row.is_array() && row.size() == 6, "a history row needs 6 values");
    s.history.push_back({row[0].get<int64_t>(), exact_number_from(row[1]),
                         exact_number_from(row[2]), exact_number_from(row[3]),
                         exact_number_from(row[4]), exact_number_from(row[5])});
  }
  require(s.iteration >= 0 && s.interval_steps >= 0 && s.threads >= 1,
          "iteration, interval_steps or threads out of range");
  optimizer.set_steps_taken(json.at("optimizer_steps").get<int64_t>());
  return s;
}

}  // namespace

std::string words_checkpoint_path(const std::string& run_dir) {
  return run_dir + "/checkpoint.safetensors";
}

void save_words_checkpoint(const std::string& path, const WordsConfig& config,
                           const WordsLoopState& state, const ParameterStore& store,
                           optim::Optimizer& optimizer) {
  run::save_weights_checkpoint(path, kKeys, to_json(config), loop_to_json(state, optimizer), store, optimizer);
}

WordsLoopState load_words_checkpoint(const std::string& path, const WordsConfig& config,
                                     ParameterStore& store, optim::Optimizer& optimizer) {
  WordsLoopState state;
  run::load_weights_checkpoint(path, kKeys, to_json(config), store, optimizer,
                               [&](const nlohmann::json& loop) { state = loop_from_json(loop, optimizer); });
  return state;
}

}  // namespace flujo::words
