#include "run/state_tensors.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "flujo/core/error.hpp"

namespace flujo::run {

std::vector<SavedBuffer> saved_optimizer_buffers(optim::Optimizer& optimizer) {
  std::vector<SavedBuffer> buffers;
  for (const auto& buffer : optimizer.state_buffers())
    buffers.push_back({"optimizer." + buffer.name, *buffer.values});
  return buffers;
}

std::vector<RestoredBuffer> restored_optimizer_buffers(optim::Optimizer& optimizer) {
  std::vector<RestoredBuffer> buffers;
  for (const auto& buffer : optimizer.state_buffers())
    buffers.push_back({"optimizer." + buffer.name, *buffer.values});
  return buffers;
}

void write_state_tensors(const std::string& path, std::span<const SavedBuffer> buffers,
                         const std::map<std::string, std::string>& metadata) {
  // A store of flat tensors is what write_safetensors writes; checkpoints happen between steps,
  // so the copies here cost no allocation inside a step.
  ParameterStore image;
  for (const SavedBuffer& buffer : buffers)
    image.add(buffer.name, Shape{static_cast<int64_t>(buffer.values.size())});
  float* out = image.values();
  for (const SavedBuffer& buffer : buffers)
    out = std::copy(buffer.values.begin(), buffer.values.end(), out);
  write_safetensors(path, image, metadata);
}

void read_state_tensors(const SafetensorsFile& file, const std::string& path,
                        std::span<const RestoredBuffer> buffers, const std::string& unexpected) {
  for (const RestoredBuffer& buffer : buffers) {
    const auto it = file.tensors.find(buffer.name);
    require(it != file.tensors.end(), path + ": no tensor named '" + buffer.name + "'");
    const int64_t size = it->second.shape().numel();
    const auto expected = static_cast<int64_t>(buffer.values.size());
    require(size == expected, path + ": tensor '" + buffer.name + "' has " +
                                  std::to_string(size) + " values, the model has " +
                                  std::to_string(expected));
    std::copy_n(it->second.data(), size, buffer.values.begin());
  }
  require(buffers.size() == file.tensors.size(), path + ": " + unexpected);
}

void require_same_config(const std::string& path, const nlohmann::json& saved,
                         const nlohmann::json& current, const std::string& config_file,
                         const std::string& ignored_key) {
  for (const auto& [key, value] : current.items()) {
    if (key == ignored_key) continue;
    const std::string was = saved.contains(key) ? saved.at(key).dump() : "(absent)";
    require(saved.contains(key) && saved.at(key) == value,
            path + ": written with " + key + " = " + was + ", but " + config_file + " has " +
                value.dump() + "; restore " + config_file + " or train afresh");
  }
}

void read_checkpoint_metadata(const std::string& path, const std::string& keys,
                              const std::function<void()>& read) {
  try {
    read();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": malformed checkpoint metadata (" + e.what() + ")");
  } catch (const std::out_of_range&) {
    throw Error(path + ": checkpoint metadata lacks " + keys);
  } catch (const Error& e) {
    const std::string what = e.what();
    if (what.starts_with(path)) throw;
    throw Error(path + ": malformed checkpoint metadata (" + what + ")");
  }
}

void save_weights_checkpoint(const std::string& path, const CheckpointKeys& keys, const nlohmann::json& config,
                             const nlohmann::json& loop, const ParameterStore& store, optim::Optimizer& optimizer) {
  std::vector<SavedBuffer> buffers = {{"weights", {store.values(), static_cast<size_t>(store.numel())}}};
  for (SavedBuffer& buffer : saved_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  write_state_tensors(path, buffers,
                      {{"format", keys.format}, {keys.config_key, config.dump()}, {keys.loop_key, loop.dump()}});
}

void load_weights_checkpoint(const std::string& path, const CheckpointKeys& keys, const nlohmann::json& config,
                             ParameterStore& store, optim::Optimizer& optimizer,
                             const std::function<void(const nlohmann::json&)>& read_loop,
                             const std::string& ignored_key) {
  const SafetensorsFile file = read_safetensors(path);
  const auto format = file.metadata.find("format");
  require(format != file.metadata.end() && format->second == keys.format,
          path + ": not a flujo " + keys.kind + " checkpoint (format is not " + keys.format + ")");
  read_checkpoint_metadata(path, keys.config_key + " or " + keys.loop_key, [&] {
    require_same_config(path, nlohmann::json::parse(file.metadata.at(keys.config_key)), config, "config.json",
                        ignored_key);
    read_loop(nlohmann::json::parse(file.metadata.at(keys.loop_key)));
  });
  std::vector<RestoredBuffer> buffers = {{"weights", {store.values(), static_cast<size_t>(store.numel())}}};
  for (RestoredBuffer& buffer : restored_optimizer_buffers(optimizer)) buffers.push_back(buffer);
  read_state_tensors(file, path, buffers, "holds optimizer state that " + keys.optimizer_name + " does not have");
}

// "%a" prints every double exactly (and inf/nan by name); strtod reads all of them back.
std::string exact_number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

double exact_number_from(const nlohmann::json& json) {
  const std::string text = json.get<std::string>();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  require(!text.empty() && end == text.c_str() + text.size(), "'" + text + "' is not a number");
  return value;
}

}  // namespace flujo::run
