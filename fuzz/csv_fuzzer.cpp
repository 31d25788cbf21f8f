// libFuzzer target for the CSV reader (read_csv, every numeric column, then by name and index).
// A flujo::Error is the expected answer to bad input; any other exception, crash or sanitizer
// report is a finding.
#include <cstddef>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"
#include "fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = flujo::fuzz::write_input(data, size, ".csv");
  try {
    const flujo::data::Series series = flujo::data::read_csv(path);
    // A series that read must read again when its columns are chosen explicitly.
    const std::string first = series.channel_names().front();
    const flujo::data::Series by_name = flujo::data::read_csv(path, {first});
    const flujo::data::Series by_index = flujo::data::read_csv(path, {0});
    if (by_name.time_steps() != series.time_steps()) __builtin_trap();
    (void)by_index;
  } catch (const flujo::Error&) {
  }
  return 0;
}
