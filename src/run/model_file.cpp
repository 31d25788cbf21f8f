#include "run/model_file.hpp"

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/run.hpp"

namespace flujo::run {
namespace {

TrainConfig config_of(const SafetensorsFile& file, const std::string& path) {
  const auto it = file.metadata.find("flujo.config");
  require(it != file.metadata.end(), path + ": no \"flujo.config\" metadata (not a flujo model)");
  try {
    return config_from_json(nlohmann::json::parse(it->second));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": bad \"flujo.config\" metadata (" + e.what() + ")");
  } catch (const Error& e) {
    throw Error(path + ": bad \"flujo.config\" metadata (" + e.what() + ")");
  }
}

}  // namespace

std::unique_ptr<SequenceModel> sequence_model_from(const SafetensorsFile& file,
                                                   const std::string& path) {
  const TrainConfig config = config_of(file, path);
  const nn::CellKind cell = [&] {
    try {
      return nn::parse_cell(config.model);
    } catch (const Error& e) {
      throw Error(path + ": a model file holds a recurrent network (" + e.what() + ")");
    }
  }();
  require(config.layers >= 1 && config.layers <= nn::kMaxLayers,
          path + ": 'layers' must be in 1.." + std::to_string(nn::kMaxLayers) + ", got " +
              std::to_string(config.layers));
  const auto head = file.tensors.find("head.weight");
  require(head != file.tensors.end(), path + ": no tensor named 'head.weight'");
  const Shape head_shape = head->second.shape();
  require(head_shape.rank() == 2 && head_shape[0] >= 1 && head_shape[1] >= 1 &&
              head_shape[1] == config.hidden,
          path + ": 'head.weight' has shape " + head_shape.str() + ", the config needs (C, " +
              std::to_string(config.hidden) + ")");
  const int64_t channels = head_shape[0], hidden = config.hidden;
  int64_t stored = 0;
  for (const auto& [name, tensor] : file.tensors) stored += tensor.numel();
  const std::string too_big = path + ": the config's " + config.model + " (hidden " +
                              std::to_string(hidden) + ", layers " +
                              std::to_string(config.layers) + ") needs more weights than the " +
                              "file's " + std::to_string(stored);
  // Counted as divisions against what is left, so no product can overflow.
  int64_t needed = channels * hidden + channels;  // head.weight is in the file: no overflow
  require(needed <= stored, too_big);
  for (int64_t layer = 0; layer < config.layers; ++layer) {
    const int64_t rows = gate_count(cell) * hidden;
    const int64_t row_length = (layer == 0 ? channels : hidden) + hidden + 2;
    require(row_length <= (stored - needed) / rows, too_big);
    needed += rows * row_length;
  }
  auto model = std::make_unique<SequenceModel>(cell, channels, hidden, config.layers);
  load_parameters(model->store(), file, path);
  return model;
}

std::unique_ptr<SequenceModel> load_sequence_model(const std::string& path) {
  return sequence_model_from(read_safetensors(path), path);
}

Tensor predict_next(SequenceModel& model, ConstTensorView windows) {
  require(windows.shape.rank() == 3 && windows.shape[0] >= 1 && windows.shape[1] >= 1 &&
              windows.shape[2] == model.channels(),
          "input windows have shape " + windows.shape.str() + ", the model needs (B, L, " +
              std::to_string(model.channels()) + ")");
  Tape tape;
  tape.set_grad_enabled(false);
  const Var prediction = model.predict(tape, tape.constant(windows));
  Tensor next(prediction.shape());
  next.view().copy_from(prediction.value());
  return next;
}

Tensor predict_next(const SafetensorsFile& file, const std::string& path,
                    ConstTensorView windows) {
  auto model = sequence_model_from(file, path);
  try {
    return predict_next(*model, windows);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

}  // namespace flujo::run
