// libFuzzer target for the safetensors parser (in memory), and for what reads a parsed file: the
// model built from its metadata and tensors, and one prediction with it.
// A flujo::Error is the expected answer to bad input; any other exception, crash or sanitizer
// report is a finding.
#include <cstddef>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "run/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const flujo::SafetensorsFile file = flujo::parse_safetensors(data, size, "fuzz.safetensors");
    auto model = flujo::run::sequence_model_from(file, "fuzz.safetensors");
    flujo::Tensor windows(flujo::Shape{1, 2, model->channels()}, 0.5f);
    flujo::run::predict_next(*model, windows.view());
  } catch (const flujo::Error&) {
  }
  return 0;
}
