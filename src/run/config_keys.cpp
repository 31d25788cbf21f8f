// The table of configuration keys. One line per key: name, member, group, help (the default is
// appended from TrainConfig{}), check. The flag is --name with '-' for '_' unless given.
#include "run/config_keys.hpp"

#include <charconv>
#include <cmath>

#include "flujo/core/error.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {
namespace {

std::string quoted(const std::string& key) { return "'" + key + "'"; }

int64_t parse_int(const std::string& key, const std::string& text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  require(ec == std::errc() && end == text.data() + text.size(),
          quoted(key) + ": '" + text + "' is not an integer");
  return value;
}

double parse_double(const std::string& key, const std::string& text) {
  size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  require(used == text.size() && used > 0, quoted(key) + ": '" + text + "' is not a number");
  return value;
}

// A check on one value, with the key's name for its message.
template <typename T>
using Check = std::function<void(const std::string& key, const T& value)>;

Check<int64_t> positive() {
  return [](const std::string& key, int64_t v) {
    require(v > 0, quoted(key) + " must be positive, got " + std::to_string(v));
  };
}
Check<int64_t> positive_at_most(int64_t limit) {
  return [limit](const std::string& key, int64_t v) {
    positive()(key, v);
    require(v <= limit, quoted(key) + " must be at most " + std::to_string(limit) + ", got " +
                            std::to_string(v));
  };
}
Check<int64_t> not_negative() {
  return [](const std::string& key, int64_t v) { require(v >= 0, quoted(key) + " must not be negative"); };
}
Check<double> positive_number() {
  return [](const std::string& key, double v) {
    require(std::isfinite(v) && v > 0, quoted(key) + " must be a positive number");
  };
}
Check<double> non_negative_number() {
  return [](const std::string& key, double v) {
    require(std::isfinite(v) && v >= 0, quoted(key) + " must be a non-negative number");
  };
}
Check<double> fraction() {
  return [](const std::string& key, double v) {
    require(std::isfinite(v) && v > 0 && v < 1, quoted(key) + " must be a number in (0, 1)");
  };
}
Check<double> in_unit_interval() {
  return [](const std::string& key, double v) {
    require(std::isfinite(v) && v > 0 && v <= 1, quoted(key) + " must be in (0, 1]");
  };
}
Check<std::string> one_of(std::vector<std::string> choices) {
  return [choices](const std::string& key, const std::string& v) {
    for (const std::string& choice : choices)
      if (v == choice) return;
    throw Error(quoted(key) + " must be " + choice_list(choices) + ", got '" + v + "'");
  };
}
Check<std::string> a_model() {
  return [](const std::string&, const std::string& v) { find_model(v); };
}
Check<std::string> not_empty(const char* what) {
  return [what](const std::string& key, const std::string& v) {
    require(!v.empty(), quoted(key) + " must name " + what);
  };
}

std::string text_of(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

template <typename T>
KeyEntry entry(const char* name, T TrainConfig::*member, const char* group, const char* help,
               Check<T> check = {}, const char* flag = nullptr) {
  KeyEntry e;
  e.key.name = name;
  e.key.flag = flag ? std::string(flag) : "--" + std::string(name);
  for (char& c : e.key.flag)
    if (c == '_') c = '-';
  e.key.group = group;
  const nlohmann::json fallback = TrainConfig{}.*member;
  e.key.help = std::string(help) + (text_of(fallback).empty() ? "" : "; default " + text_of(fallback));
  const std::string key = name;
  e.set = [member, key](TrainConfig& c, const std::string& text) {
    if constexpr (std::is_same_v<T, std::string>) {
      c.*member = text;
    } else if constexpr (std::is_same_v<T, double>) {
      c.*member = parse_double(key, text);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      const int64_t v = parse_int(key, text);
      require(v >= 0, quoted(key) + " must not be negative, got " + text);
      c.*member = static_cast<uint64_t>(v);
    } else {
      c.*member = parse_int(key, text);
    }
  };
  e.get = [member](const TrainConfig& c) { return nlohmann::json(c.*member); };
  if (check) e.check = [member, key, check](const TrainConfig& c) { check(key, c.*member); };
  return e;
}

constexpr const char* kData = "Data";
constexpr const char* kModel = "Model";
constexpr const char* kTraining = "Training";
constexpr const char* kEsn = "Echo state network (--model esn)";
constexpr const char* kOutput = "Output";

}  // namespace

const std::vector<KeyEntry>& key_table() {
  using C = TrainConfig;
  static const std::vector<KeyEntry> table = {
      entry("system", &C::system, kData, "built-in system (flujo simulate --list)"),
      entry("observe", &C::observe, kData, "observed coordinates of the system, comma-separated"),
      entry("data_file", &C::data_file, kData, "a CSV or NPY series instead of a built-in system",
            Check<std::string>{}, "--data"),
      entry("columns", &C::columns, kData, "columns of --data by name or 0-based index, comma-separated"),
      entry("dt", &C::dt, kData, "sampling step of the built-in system", positive_number()),
      entry("samples", &C::samples, kData, "num_samples: windows in all splits together", positive()),
      entry("look_back", &C::look_back, kData, "time steps per input window", positive()),
      entry("train_fraction", &C::train_fraction, kData, "fraction of the series for training", fraction()),
      entry("validation_fraction", &C::validation_fraction, kData, "fraction for validation", fraction()),
      entry("model", &C::model, kModel, "the model (flujo train --help lists them)", a_model()),
      entry("hidden", &C::hidden, kModel, "hidden_size (reservoir size for esn)", positive()),
      entry("layers", &C::layers, kModel, "stacked recurrent layers", positive_at_most(8)),
      entry("latent", &C::latent, kModel, "latent size of the autoencoder", positive()),
      entry("fnn_weight", &C::fnn_weight, kModel,
            "the autoencoder's false-nearest-neighbour latent penalty (Gilpin 2020), 0 for none",
            non_negative_number()),
      entry("batch", &C::batch, kTraining, "windows per step", positive()),
      entry("epochs", &C::epochs, kTraining, "most epochs", positive()),
      entry("lr", &C::lr, kTraining, "learning rate", positive_number()),
      entry("optimizer", &C::optimizer, kTraining, "sgd, adam or adamw", one_of({"sgd", "adam", "adamw"})),
      entry("schedule", &C::schedule, kTraining, "learning-rate schedule: constant, step or cosine",
            one_of({"constant", "step", "cosine"})),
      entry("clip", &C::clip, kTraining, "global gradient-norm limit, 0 for none", non_negative_number()),
      entry("rollout", &C::rollout, kTraining, "k: train on k predictions fed back (1 = teacher forcing)",
            positive()),
      entry("patience", &C::patience, kTraining, "early stopping after this many epochs without improvement",
            positive()),
      entry("seed", &C::seed, kTraining, "random seed"),
      entry("threads", &C::threads, kTraining, "threads for the matrix products, 0 = all cores", not_negative()),
      entry("spectral_radius", &C::spectral_radius, kEsn, "spectral radius of the reservoir", positive_number()),
      entry("leak_rate", &C::leak_rate, kEsn, "leak rate in (0, 1]", in_unit_interval()),
      entry("input_scaling", &C::input_scaling, kEsn, "input weights uniform in ±this", positive_number()),
      entry("ridge", &C::ridge, kEsn, "ridge regularisation of the readout", non_negative_number()),
      entry("out", &C::out, kOutput, "run directory to write", not_empty("a run directory")),
  };
  return table;
}

const KeyEntry* find_key(const std::string& name) {
  std::string normalised = name;
  for (char& c : normalised)
    if (c == '-') c = '_';
  for (const KeyEntry& e : key_table())
    if (e.key.name == normalised) return &e;
  return nullptr;
}

std::vector<ConfigKey> config_keys() {
  std::vector<ConfigKey> keys;
  for (const KeyEntry& e : key_table()) keys.push_back(e.key);
  return keys;
}

}  // namespace flujo::run
