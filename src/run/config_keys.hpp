#pragma once
// The one table of configuration keys (config_keys.cpp): for each key its TrainConfig member, how
// it is parsed from text and written back, its flag and help for the command line, and the check
// validate() runs on it. The TOML and JSON readers, the CLI options, --help and validate() all
// read this table, so a new key is one line in it (and its member in TrainConfig).
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/run/config.hpp"

namespace flujo::run {

struct KeyEntry {
  ConfigKey key;
  std::function<void(TrainConfig&, const std::string& text)> set;  // throws Error naming the key
  std::function<nlohmann::json(const TrainConfig&)> get;
  std::function<void(const TrainConfig&)> check;  // throws Error naming the key; may be empty
};

// In the table's order: data, model, training, echo state network, output.
const std::vector<KeyEntry>& key_table();
// The entry of a key ('-' and '_' are the same), or nullptr.
const KeyEntry* find_key(const std::string& name);

}  // namespace flujo::run
