#pragma once
// Grayscale images on disk: 8-bit PNG through libpng's simplified API, binary PGM (P5, 8 or 16
// bits) read by hand. Pixels are float32 in [0, 1], row-major, row 0 at the top.
#include <cstdint>
#include <string>
#include <vector>

namespace flujo::movie {

struct Image {
  int64_t height = 0, width = 0;
  std::vector<float> pixels;
};

// Throws Error naming the file for anything that is not a complete PNG or P5 PGM.
Image read_image(const std::string& path);
// Writes an 8-bit grayscale PNG (values rounded to 1/255; the file written whole or not at all is
// the caller's directory's business). Throws Error naming the file.
void write_png(const std::string& path, const float* pixels, int64_t height, int64_t width);
// The image's centred square, resampled to size × size by area averaging.
std::vector<float> square_resample(const Image& image, int64_t size);

}  // namespace flujo::movie
