#pragma once
// What a checkpoint holds besides its loop state: flat float buffers by name (the weights, the
// optimizer's state, each laid out like the parameter buffer) in one safetensors file written
// atomically, and doubles written exactly (hex floats, infinities and NaN by name) so that a
// resumed run continues bit for bit. Used by the series checkpoint and the words checkpoint.
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core/safetensors.hpp"
#include "flujo/optim.hpp"

namespace flujo::run {

struct SavedBuffer {
  std::string name;
  std::span<const float> values;
};
struct RestoredBuffer {
  std::string name;
  std::span<float> values;  // the saved tensor must have this size
};

// The optimizer's state buffers under "optimizer.<name>", to save or to restore.
std::vector<SavedBuffer> saved_optimizer_buffers(optim::Optimizer& optimizer);
std::vector<RestoredBuffer> restored_optimizer_buffers(optim::Optimizer& optimizer);

// Throws Error naming the path and the system's reason when the file cannot be written; the
// previous file at `path` is then intact.
void write_state_tensors(const std::string& path, std::span<const SavedBuffer> buffers,
                         const std::map<std::string, std::string>& metadata);
// Copies each named tensor of `file` into its buffer. Throws Error naming the path for a missing
// tensor, one of another size, or a tensor that no buffer names (`unexpected` says what, e.g.
// "holds optimizer state that sgd does not have").
void read_state_tensors(const SafetensorsFile& file, const std::string& path,
                        std::span<const RestoredBuffer> buffers, const std::string& unexpected);

// The configuration a checkpoint was written with must be the current one: another key (more
// iterations, another lr) would change the schedule or the model. Throws Error naming the path,
// the first key that differs and `config_file`; `ignored_key` (e.g. the run directory) may differ.
void require_same_config(const std::string& path, const nlohmann::json& saved,
                         const nlohmann::json& current, const std::string& config_file,
                         const std::string& ignored_key = "");
// Runs `read` (which parses the checkpoint's metadata) and turns what it throws into one Error
// naming the path: malformed JSON, a missing key (`keys` names the ones needed), a bad value.
void read_checkpoint_metadata(const std::string& path, const std::string& keys,
                              const std::function<void()>& read);

// The checkpoint of a loop that trains a flat parameter buffer with an optimizer (the words and
// the autoencode loops'): tensors "weights" and "optimizer.<buffer>", metadata "format" and the
// configuration and loop state under their keys, as JSON.
struct CheckpointKeys {
  std::string format;         // e.g. flujo-words-checkpoint-1
  std::string kind;           // in messages: "words", "autoencode"
  std::string config_key, loop_key;
  std::string optimizer_name;  // in messages: "AdamW"
};
void save_weights_checkpoint(const std::string& path, const CheckpointKeys& keys, const nlohmann::json& config,
                             const nlohmann::json& loop, const ParameterStore& store, optim::Optimizer& optimizer);
// Restores the weights and the optimizer's state after checking the format and that the saved
// configuration is `config` (`ignored_key` may differ; config.json names the file to restore), and
// hands the loop state to read_loop, whose failures become one Error naming the path.
void load_weights_checkpoint(const std::string& path, const CheckpointKeys& keys, const nlohmann::json& config,
                             ParameterStore& store, optim::Optimizer& optimizer,
                             const std::function<void(const nlohmann::json&)>& read_loop,
                             const std::string& ignored_key = "");

std::string exact_number(double value);
// Throws Error "'<text>' is not a number" for anything exact_number could not have written.
double exact_number_from(const nlohmann::json& json);

}  // namespace flujo::run
