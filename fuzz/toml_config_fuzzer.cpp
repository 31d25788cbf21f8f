// libFuzzer target for the TOML configuration reader: load_config, validate, and the round trip a
// run directory relies on (a valid config, written as config.toml, must read back the same).
// A flujo::Error is the expected answer to bad input; any other exception, crash, sanitizer
// report or failed round trip is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "flujo/core/error.hpp"
#include "flujo/run.hpp"
#include "fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = flujo::fuzz::write_input(data, size, ".toml");
  flujo::run::TrainConfig config;
  try {
    config = flujo::run::load_config(path);
    flujo::run::validate(config);
  } catch (const flujo::Error&) {
    return 0;
  }
  const std::string toml = flujo::run::to_toml(config);
  const std::string& resolved = flujo::fuzz::write_input(
      reinterpret_cast<const uint8_t*>(toml.data()), toml.size(), ".toml");
  try {
    const flujo::run::TrainConfig reread = flujo::run::load_config(resolved);
    if (flujo::run::to_json(reread) != flujo::run::to_json(config)) {
      std::fprintf(stderr, "config.toml does not read back the same:\n%s", toml.c_str());
      __builtin_trap();
    }
  } catch (const flujo::Error& e) {
    std::fprintf(stderr, "config.toml of a valid config is unreadable: %s\n%s", e.what(),
                 toml.c_str());
    __builtin_trap();
  }
  return 0;
}
