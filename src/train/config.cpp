#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include <toml++/toml.h>

#include "flujo/core/error.hpp"
#include "flujo/train.hpp"

namespace flujo::train {
namespace {

std::string normalise_key(std::string key) {
  for (char& c : key)
    if (c == '-') c = '_';
  return key;
}

int64_t parse_int(const std::string& key, const std::string& text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  require(ec == std::errc() && end == text.data() + text.size(),
          "'" + key + "': '" + text + "' is not an integer");
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
  require(used == text.size() && used > 0, "'" + key + "': '" + text + "' is not a number");
  return value;
}

// One table of every key: how to set it from text and how to read it back as JSON.
struct Field {
  std::function<void(TrainConfig&, const std::string&, const std::string&)> set;
  std::function<nlohmann::json(const TrainConfig&)> get;
};

template <typename T>
Field field(T TrainConfig::*member) {
  Field f;
  f.set = [member](TrainConfig& c, const std::string& key, const std::string& text) {
    if constexpr (std::is_same_v<T, std::string>) {
      c.*member = text;
    } else if constexpr (std::is_same_v<T, double>) {
      c.*member = parse_double(key, text);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      const int64_t v = parse_int(key, text);
      require(v >= 0, "'" + key + "' must not be negative, got " + text);
      c.*member = static_cast<uint64_t>(v);
    } else {
      c.*member = parse_int(key, text);
    }
  };
  f.get = [member](const TrainConfig& c) { return nlohmann::json(c.*member); };
  return f;
}

const std::map<std::string, Field>& fields() {
  static const std::map<std::string, Field> table = {
      {"system", field(&TrainConfig::system)},
      {"observe", field(&TrainConfig::observe)},
      {"data_file", field(&TrainConfig::data_file)},
      {"columns", field(&TrainConfig::columns)},
      {"dt", field(&TrainConfig::dt)},
      {"samples", field(&TrainConfig::samples)},
      {"look_back", field(&TrainConfig::look_back)},
      {"train_fraction", field(&TrainConfig::train_fraction)},
      {"validation_fraction", field(&TrainConfig::validation_fraction)},
      {"model", field(&TrainConfig::model)},
      {"hidden", field(&TrainConfig::hidden)},
      {"layers", field(&TrainConfig::layers)},
      {"batch", field(&TrainConfig::batch)},
      {"epochs", field(&TrainConfig::epochs)},
      {"lr", field(&TrainConfig::lr)},
      {"optimizer", field(&TrainConfig::optimizer)},
      {"schedule", field(&TrainConfig::schedule)},
      {"clip", field(&TrainConfig::clip)},
      {"rollout", field(&TrainConfig::rollout)},
      {"patience", field(&TrainConfig::patience)},
      {"seed", field(&TrainConfig::seed)},
      {"threads", field(&TrainConfig::threads)},
      {"spectral_radius", field(&TrainConfig::spectral_radius)},
      {"leak_rate", field(&TrainConfig::leak_rate)},
      {"input_scaling", field(&TrainConfig::input_scaling)},
      {"ridge", field(&TrainConfig::ridge)},
      {"out", field(&TrainConfig::out)},
  };
  return table;
}

std::string node_text(const toml::node& node, const std::string& where) {
  if (auto s = node.value_exact<std::string>()) return *s;
  if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
  if (auto d = node.value_exact<double>()) {
    std::ostringstream out;
    out.precision(17);
    out << *d;
    return out.str();
  }
  throw Error(where + ": expected a string or a number");
}

}  // namespace

void set_config_value(TrainConfig& config, const std::string& key, const std::string& value) {
  const auto it = fields().find(normalise_key(key));
  require(it != fields().end(), "unknown configuration key '" + key + "'");
  it->second.set(config, key, value);
}

TrainConfig load_config(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    throw Error(path + ":" + std::to_string(begin.line) + ": " + std::string(e.description()));
  }
  TrainConfig config;
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    const std::string where = path + ":" + std::to_string(key.source().begin.line) + ": '" + name + "'";
    require(fields().count(normalise_key(name)) > 0, where + " is not a configuration key");
    try {
      set_config_value(config, name, node_text(node, "'" + name + "'"));
    } catch (const Error& e) {
      throw Error(path + ":" + std::to_string(key.source().begin.line) + ": " + e.what());
    }
  }
  // Options given on the command line may still override these values; a file must be valid on
  // its own (unset keys keep their valid defaults), so its errors can name the file.
  try {
    validate(config);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  return config;
}

void validate(const TrainConfig& c) {
  auto positive = [](int64_t v, const char* key) {
    require(v > 0, std::string("'") + key + "' must be positive, got " + std::to_string(v));
  };
  positive(c.samples, "samples");
  positive(c.look_back, "look_back");
  positive(c.hidden, "hidden");
  positive(c.layers, "layers");
  positive(c.batch, "batch");
  positive(c.epochs, "epochs");
  positive(c.rollout, "rollout");
  positive(c.patience, "patience");
  require(c.layers <= 8, "'layers' must be at most 8, got " + std::to_string(c.layers));
  require(c.threads >= 0, "'threads' must not be negative");
  require(std::isfinite(c.dt) && c.dt > 0, "'dt' must be a positive number");
  require(std::isfinite(c.lr) && c.lr > 0, "'lr' must be a positive number");
  require(std::isfinite(c.clip) && c.clip >= 0, "'clip' must be a non-negative number");
  require(std::isfinite(c.train_fraction) && std::isfinite(c.validation_fraction),
          "'train_fraction' and 'validation_fraction' must be numbers");
  require(std::isfinite(c.spectral_radius) && std::isfinite(c.leak_rate) &&
              std::isfinite(c.input_scaling) && std::isfinite(c.ridge),
          "the ESN options must be finite numbers");
  require(c.train_fraction > 0 && c.validation_fraction > 0 &&
              c.train_fraction + c.validation_fraction < 1,
          "'train_fraction' and 'validation_fraction' must be positive and leave a test split");
  require(c.model == "rnn" || c.model == "lstm" || c.model == "gru" || c.model == "esn",
          "'model' must be rnn, lstm, gru or esn, got '" + c.model + "'");
  require(c.optimizer == "sgd" || c.optimizer == "adam" || c.optimizer == "adamw",
          "'optimizer' must be sgd, adam or adamw, got '" + c.optimizer + "'");
  require(c.schedule == "constant" || c.schedule == "step" || c.schedule == "cosine",
          "'schedule' must be constant, step or cosine, got '" + c.schedule + "'");
  require(c.spectral_radius > 0, "'spectral_radius' must be positive");
  require(c.leak_rate > 0 && c.leak_rate <= 1, "'leak_rate' must be in (0, 1]");
  require(c.ridge >= 0, "'ridge' must not be negative");
  require(!c.out.empty(), "'out' must name a run directory");
}

nlohmann::json to_json(const TrainConfig& config) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [key, f] : fields()) json[key] = f.get(config);
  return json;
}

TrainConfig config_from_json(const nlohmann::json& json) {
  TrainConfig config;
  for (const auto& [key, value] : json.items()) {
    const auto it = fields().find(key);
    require(it != fields().end(), "unknown configuration key '" + key + "'");
    set_config_value(config, key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return config;
}

std::string to_toml(const TrainConfig& config) {
  std::ostringstream out;
  out << "# flujo train configuration (resolved)\n";
  for (const auto& [key, f] : fields()) out << key << " = " << f.get(config).dump() << "\n";
  return out.str();
}

}  // namespace flujo::train

namespace flujo::train {

TrainConfig demo_config() {
  TrainConfig config;
  config.out = "runs/demo";
  return config;
}

}  // namespace flujo::train
