#include "movie/image_io.hpp"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::movie {
namespace {

// The largest side read: a bound on what an image header may make us allocate.
constexpr int64_t kMaxSide = 16384;

Image read_png(const std::string& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str()))
    throw Error(fmt::format("{}: not a readable PNG ({})", path, image.message));
  if (image.width > kMaxSide || image.height > kMaxSide) {
    png_image_free(&image);
    throw Error(fmt::format("{}: {}×{} is larger than {} pixels a side", path, image.width,
                            image.height, kMaxSide));
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> bytes(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, bytes.data(), 0, nullptr))
    throw Error(fmt::format("{}: corrupt or truncated PNG ({})", path, image.message));
  Image out{image.height, image.width, std::vector<float>(bytes.size())};
  std::transform(bytes.begin(), bytes.end(), out.pixels.begin(),
                 [](png_byte b) { return static_cast<float>(b) / 255.0f; });
  return out;
}

// P5: "P5", width, height, maxval as ASCII separated by whitespace (and # comments), one
// whitespace byte, then the samples (big-endian 16-bit when maxval > 255).
Image read_pgm(const std::string& path, const std::string& text) {
  size_t at = 2;
  auto number = [&](const char* what) {
    while (at < text.size() && (std::isspace(static_cast<unsigned char>(text[at])) || text[at] == '#')) {
      if (text[at] == '#') at = text.find('\n', at);
      if (at == std::string::npos) break;
      ++at;
    }
    int64_t value = 0;
    const size_t start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && value < kMaxSide * 4)
      value = value * 10 + (text[at++] - '0');
    require(at > start, fmt::format("{}: malformed PGM header (no {})", path, what));
    return value;
  };
  const int64_t width = number("width"), height = number("height"), maxval = number("maxval");
  require(width >= 1 && height >= 1 && width <= kMaxSide && height <= kMaxSide,
          fmt::format("{}: PGM size {}×{} is not 1 to {} a side", path, width, height, kMaxSide));
  require(maxval >= 1 && maxval <= 65535, fmt::format("{}: PGM maxval {} is not 1 to 65535", path, maxval));
  ++at;  // the single whitespace byte before the samples
  const int64_t bytes_per_sample = maxval > 255 ? 2 : 1;
  const int64_t needed = width * height * bytes_per_sample;
  require(at <= text.size() && static_cast<int64_t>(text.size() - at) >= needed,
          fmt::format("{}: truncated PGM ({} bytes of samples, {} needed)", path,
                      at <= text.size() ? text.size() - at : 0, needed));
  Image out{height, width, std::vector<float>(static_cast<size_t>(width * height))};
  const auto* samples = reinterpret_cast<const unsigned char*>(text.data() + at);
  for (int64_t i = 0; i < width * height; ++i) {
    const int64_t value = bytes_per_sample == 2 ? samples[2 * i] * 256 + samples[2 * i + 1] : samples[i];
    out.pixels[i] = static_cast<float>(std::min<int64_t>(value, maxval)) / static_cast<float>(maxval);
  }
  return out;
}

}  // namespace

Image read_image(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  require(in.good(), fmt::format("{}: cannot open", path));
  char magic[8] = {};
  in.read(magic, sizeof magic);
  if (in.gcount() == 8 && png_sig_cmp(reinterpret_cast<png_const_bytep>(magic), 0, 8) == 0) return read_png(path);
  if (in.gcount() >= 2 && magic[0] == 'P' && magic[1] == '5') {
    in.seekg(0);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return read_pgm(path, text);
  }
  throw Error(fmt::format("{}: not a PNG or binary PGM (P5) image", path));
}

void write_png(const std::string& path, const float* pixels, int64_t height, int64_t width) {
  std::vector<png_byte> bytes(static_cast<size_t>(height * width));
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<png_byte>(std::lround(std::clamp(pixels[i], 0.0f, 1.0f) * 255.0f));
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, path.c_str(), 0, bytes.data(), 0, nullptr))
    throw Error(fmt::format("{}: cannot write the PNG ({})", path, image.message));
}

std::vector<float> square_resample(const Image& image, int64_t size) {
  const int64_t side = std::min(image.height, image.width);
  const int64_t top = (image.height - side) / 2, left = (image.width - side) / 2;
  const double scale = static_cast<double>(side) / static_cast<double>(size);
  // Target pixel i covers source [i·scale, (i + 1)·scale): each source pixel weighs the length
  // of its overlap. Separable: the weights of one axis serve both.
  std::vector<std::vector<std::pair<int64_t, double>>> weights(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i) {
    const double from = i * scale, to = (i + 1) * scale;
    for (int64_t s = static_cast<int64_t>(std::floor(from)); s < std::min<double>(side, std::ceil(to)); ++s) {
      const double overlap = std::min<double>(to, s + 1) - std::max<double>(from, s);
      if (overlap > 0) weights[i].push_back({s, overlap / scale});
    }
  }
  std::vector<float> out(static_cast<size_t>(size * size));
  for (int64_t r = 0; r < size; ++r)
    for (int64_t c = 0; c < size; ++c) {
      double value = 0.0;
      for (const auto& [sr, wr] : weights[r])
        for (const auto& [sc, wc] : weights[c])
          value += wr * wc * image.pixels[(top + sr) * image.width + left + sc];
      out[r * size + c] = static_cast<float>(value);
    }
  return out;
}

}  // namespace flujo::movie
