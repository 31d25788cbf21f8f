// Reading, checking and writing a TrainConfig, all through the key table (config_keys.hpp).
#include <cassert>
#include <map>
#include <sstream>

#include <toml++/toml.h>

#include "flujo/core/error.hpp"
#include "flujo/run/config.hpp"
#include "flujo/run/model.hpp"
#include "run/config_keys.hpp"

namespace flujo::run {
namespace {

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

// The keys by name: config.toml lists them in this order.
std::map<std::string, const KeyEntry*> keys_by_name() {
  std::map<std::string, const KeyEntry*> keys;
  for (const KeyEntry& e : key_table()) keys[e.key.name] = &e;
  return keys;
}

}  // namespace

void set_config_value(TrainConfig& config, const std::string& key, const std::string& value) {
  const KeyEntry* entry = find_key(key);
  require(entry != nullptr, "unknown configuration key '" + key + "'");
  entry->set(config, value);
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
    const std::string line = path + ":" + std::to_string(key.source().begin.line) + ": ";
    require(find_key(name) != nullptr, line + "'" + name + "' is not a configuration key");
    try {
      set_config_value(config, name, node_text(node, "'" + name + "'"));
    } catch (const Error& e) {
      throw Error(line + e.what());
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
  for (const KeyEntry& e : key_table())
    if (e.check) e.check(c);
  const TrainConfig defaults;
  for (const std::string& name : find_model(c.model).unused_keys) {
    const KeyEntry* e = find_key(name);
    assert(e != nullptr && "a model's unused_keys name keys of the table");
    require(e->get(c) == e->get(defaults), "'" + name + "' (" + e->key.flag +
                                               ") is not used by the " + c.model +
                                               " model; leave it out");
  }
  require(c.train_fraction + c.validation_fraction < 1,
          "'train_fraction' and 'validation_fraction' must be positive and leave a test split");
}

nlohmann::json to_json(const TrainConfig& config) {
  nlohmann::json json = nlohmann::json::object();
  for (const KeyEntry& e : key_table()) json[e.key.name] = e.get(config);
  return json;
}

TrainConfig config_from_json(const nlohmann::json& json) {
  TrainConfig config;
  for (const auto& [key, value] : json.items()) {
    const KeyEntry* entry = find_key(key);
    require(entry != nullptr && entry->key.name == key, "unknown configuration key '" + key + "'");
    entry->set(config, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return config;
}

std::string to_toml(const TrainConfig& config) {
  std::ostringstream out;
  out << "# flujo train configuration (resolved)\n";
  for (const auto& [name, e] : keys_by_name()) out << name << " = " << e->get(config).dump() << "\n";
  return out.str();
}

TrainConfig demo_config() {
  TrainConfig config;
  config.out = "runs/demo";
  return config;
}

}  // namespace flujo::run
