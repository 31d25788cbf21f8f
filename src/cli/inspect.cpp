// flujo inspect MODEL.safetensors: the tensors (names and shapes) and the metadata of a
// model file; with --predict, the model's next-value predictions for windows from an .npy file
// (the flujo side of tools/torch_interop.py).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core.hpp"
#include "flujo/data.hpp"
#include "flujo/run/model_file.hpp"

namespace flujo::cli {
namespace {

struct InspectOptions {
  std::string model;
  std::string predict;  // input windows (B, L, C), .npy
  std::string output;   // predictions (B, C), float32 .npy
};

void print_file(const SafetensorsFile& file, const std::string& path) {
  int64_t parameters = 0;
  for (const auto& [name, tensor] : file.tensors) parameters += tensor.numel();
  std::printf("%s: %zu tensors, %lld values\n", path.c_str(), file.tensors.size(),
              static_cast<long long>(parameters));
  for (const auto& [name, tensor] : file.tensors)
    std::printf("  %-24s %s\n", name.c_str(), tensor.shape().str().c_str());
  if (file.metadata.empty()) return;
  std::printf("metadata:\n");
  for (const auto& [key, value] : file.metadata)
    std::printf("  %s = %s\n", key.c_str(), value.c_str());
}

void predict(const SafetensorsFile& file, const InspectOptions& options) {
  require(!options.output.empty(), "--predict needs --output (where the predictions go)");
  const data::NpyArray windows = data::read_npy_array(options.predict);
  require(windows.shape.size() == 3,
          options.predict + ": input windows must be a 3-D array (B, L, C), got rank " +
              std::to_string(windows.shape.size()));
  Tensor inputs{Shape(windows.shape)};
  for (int64_t i = 0; i < inputs.numel(); ++i)
    inputs[i] = static_cast<float>(windows.values[static_cast<size_t>(i)]);
  const Tensor next = run::predict_next(file, options.model, inputs.view());
  data::write_npy(options.output, next.view());
  std::printf("written: %s %s\n", options.output.c_str(), next.shape().str().c_str());
}

}  // namespace

void register_inspect(CLI::App& app) {
  auto* command = app.add_subcommand("inspect", "Show the tensors and metadata of a model file");
  auto options = std::make_shared<InspectOptions>();
  command->add_option("model", options->model, "a .safetensors model file")->required();
  command->add_option("--predict", options->predict,
                      "input windows (B, L, C) as .npy: predict the next value of each");
  command->add_option("--output", options->output, "where --predict writes (B, C) as .npy");
  command->callback([options] {
    const SafetensorsFile file = read_safetensors(options->model);
    if (options->predict.empty()) {
      print_file(file, options->model);
    } else {
      predict(file, *options);
    }
  });
}

}  // namespace flujo::cli
