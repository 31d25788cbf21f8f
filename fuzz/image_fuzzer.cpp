// libFuzzer target for the frame reader: read_image (PNG through libpng, binary PGM by hand),
// then the square resampling every frame goes through. A flujo::Error is the expected answer to
// bad input; any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>

#include "flujo/core/error.hpp"
#include "fuzz_input_file.hpp"
#include "movie/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = flujo::fuzz::write_input(data, size, ".img");
  try {
    const flujo::movie::Image image = flujo::movie::read_image(path);
    // The pixels must be exactly the image's, each in [0, 1].
    if (static_cast<int64_t>(image.pixels.size()) != image.height * image.width) __builtin_trap();
    for (float v : image.pixels)
      if (!(v >= 0.0f && v <= 1.0f)) __builtin_trap();
    const std::vector<float> square = flujo::movie::square_resample(image, 8);
    if (square.size() != 64) __builtin_trap();
  } catch (const flujo::Error&) {
  }
  return 0;
}
