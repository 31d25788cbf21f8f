// WordsConfig: its checks, naming the option, and its JSON (config.json and the model file's
// metadata). One list of fields serves both directions.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {
namespace {

constexpr const char* kFormat = "flujo-words-config";
constexpr int kVersion = 1;

// Calls field(name, member) for every member, in the order config.json lists them.
template <class Config, class Field>
void for_each_field(Config& c, Field&& field) {
  field("corpus", c.corpus);
  field("diary_lang", c.diary_lang);
  field("diary_days", c.diary_days);
  field("model", c.model);
  field("tokens", c.tokens);
  field("lower_case", c.lower_case);
  field("min_count", c.min_count);
  field("context", c.context);
  field("batch", c.batch);
  field("iterations", c.iterations);
  field("warmup", c.warmup);
  field("lr", c.lr);
  field("min_lr", c.min_lr);
  field("weight_decay", c.weight_decay);
  field("beta1", c.beta1);
  field("beta2", c.beta2);
  field("clip", c.clip);
  field("dropout", c.dropout);
  field("layers", c.layers);
  field("heads", c.heads);
  field("width", c.width);
  field("hidden", c.hidden);
  field("order", c.order);
  field("tie_weights", c.tie_weights);
  field("validation", c.validation);
  field("eval_interval", c.eval_interval);
  field("eval_windows", c.eval_windows);
  field("seed", c.seed);
  field("threads", c.threads);
}

std::string option(const std::string& name) {
  std::string flag = "--" + name;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

void require_at_least(const std::string& name, double value, double least) {
  require(value >= least, fmt::format("{} must be at least {}, got {}", option(name), least, value));
}

}  // namespace

void validate(const WordsConfig& c) {
  find_language_model(c.model);
  require(c.diary_lang == "en" || c.diary_lang == "es",
          "--diary-lang must be en or es, got '" + c.diary_lang + "'");
  require_at_least("diary_days", static_cast<double>(c.diary_days), 1);
  require_at_least("min_count", static_cast<double>(c.min_count), 1);
  require_at_least("context", static_cast<double>(c.context), 1);
  require_at_least("batch", static_cast<double>(c.batch), 1);
  require_at_least("iterations", static_cast<double>(c.iterations), 1);
  require_at_least("warmup", static_cast<double>(c.warmup), 0);
  require(c.lr > 0, fmt::format("--lr must be positive, got {}", c.lr));
  require(c.min_lr >= 0 && c.min_lr <= c.lr,
          fmt::format("--min-lr must be in [0, --lr = {}], got {}", c.lr, c.min_lr));
  require_at_least("weight_decay", c.weight_decay, 0);
  require(c.beta1 >= 0 && c.beta1 < 1, fmt::format("--beta1 must be in [0, 1), got {}", c.beta1));
  require(c.beta2 >= 0 && c.beta2 < 1, fmt::format("--beta2 must be in [0, 1), got {}", c.beta2));
  require(c.clip > 0, fmt::format("--clip must be positive, got {}", c.clip));
  require(c.dropout >= 0 && c.dropout < 1,
          fmt::format("--dropout must be in [0, 1), got {}", c.dropout));
  require_at_least("layers", static_cast<double>(c.layers), 1);
  require_at_least("heads", static_cast<double>(c.heads), 1);
  require_at_least("width", static_cast<double>(c.width), 1);
  require_at_least("hidden", static_cast<double>(c.hidden), 1);
  require(c.order >= 1 && c.order <= 6,
          fmt::format("--order must be 1 to 6, got {}", c.order));
  require(c.width % c.heads == 0,
          fmt::format("--heads ({}) must divide --width ({})", c.heads, c.width));
  require(c.validation > 0 && c.validation < 1,
          fmt::format("--validation must be in (0, 1), got {}", c.validation));
  require_at_least("eval_interval", static_cast<double>(c.eval_interval), 1);
  require_at_least("eval_windows", static_cast<double>(c.eval_windows), 1);
  require_at_least("threads", c.threads, 0);
}

nlohmann::json to_json(const WordsConfig& config) {
  nlohmann::json json{{"format", kFormat}, {"version", kVersion}};
  for_each_field(config, [&](const char* name, const auto& value) {
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, TokenizerKind>) {
      json[name] = tokenizer_kind_name(value);
    } else {
      json[name] = value;
    }
  });
  return json;
}

WordsConfig words_config_from_json(const nlohmann::json& json, const std::string& source) {
  require(json.is_object() && json.value("format", "") == kFormat &&
              json.value("version", 0) == kVersion,
          source + ": not a flujo words config (format " + kFormat + ", version 1)");
  WordsConfig config;
  std::set<std::string> known = {"format", "version"};
  for_each_field(config, [&](const char* name, auto& value) {
    known.insert(name);
    require(json.contains(name), fmt::format("{}: '{}' is missing", source, name));
    const nlohmann::json& item = json.at(name);
    using T = std::decay_t<decltype(value)>;
    try {
      if constexpr (std::is_same_v<T, TokenizerKind>) {
        value = tokenizer_kind_from_name(item.get<std::string>(), source + ": tokens");
      } else {
        value = item.get<T>();
      }
    } catch (const nlohmann::json::exception&) {
      throw Error(fmt::format("{}: '{}' has the wrong type ({})", source, name, item.dump()));
    }
  });
  for (const auto& [key, value] : json.items())
    require(known.count(key) > 0, fmt::format("{}: unknown key '{}'", source, key));
  try {
    validate(config);
  } catch (const Error& error) {
    throw Error(source + ": " + error.what());
  }
  return config;
}

}  // namespace flujo::words
