// libFuzzer target for the video reader: read_video (libavformat, libavcodec and libswscale
// behind flujo's checks) at 8 × 8. FFmpeg itself is not instrumented; what is fuzzed is flujo's
// handling of whatever it returns. A flujo::Error is the expected answer to bad input; any other
// exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "flujo/movie.hpp"
#include "fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = flujo::fuzz::write_input(data, size, ".mkv");
  try {
    const flujo::movie::Frames frames = flujo::movie::read_video(path, 8);
    if (frames.count < 1 || static_cast<int64_t>(frames.pixels.size()) != frames.count * 64) __builtin_trap();
    for (float v : frames.pixels)
      if (!(v >= 0.0f && v <= 1.0f)) __builtin_trap();
  } catch (const flujo::Error&) {
  }
  return 0;
}
