// libFuzzer target for the .npy reader: read_npy_array (any rank), then read_npy (a series).
// A flujo::Error is the expected answer to bad input; any other exception, crash or sanitizer
// report is a finding.
#include <cstddef>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"
#include "fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = flujo::fuzz::write_input(data, size, ".npy");
  try {
    const flujo::data::NpyArray array = flujo::data::read_npy_array(path);
    int64_t count = 1;
    for (int64_t dim : array.shape) count *= dim;
    // The header's shape must describe exactly the values that were read.
    if (count != static_cast<int64_t>(array.values.size())) __builtin_trap();
    const flujo::data::Series series = flujo::data::read_npy(path);
    if (series.time_steps() * series.channels() != count) __builtin_trap();
  } catch (const flujo::Error&) {
  }
  return 0;
}
