// write_npy: into a temporary file beside the target, renamed over it only once complete, so a
// reader never sees (and a failure never leaves) a half-written array.
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "data/npy_format.hpp"
#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {

static_assert(std::endian::native == std::endian::little, "the .npy writer assumes little-endian");

// Writes the header, then the data through write_data(stream), atomically.
template <typename WriteData>
void write_atomically(const std::string& path, NpyDtype dtype, const std::vector<int64_t>& shape,
                      WriteData write_data) {
  for (int64_t dim : shape)
    require(dim >= 0, fmt::format("{}: cannot write negative shape ({})", path,
                                  fmt::join(shape, ", ")));
  const std::string temporary = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    require(stream.is_open(), fmt::format("{}: cannot create the file", path));
    const std::string header = npy::format_header(dtype, shape);
    stream.write(header.data(), static_cast<std::streamsize>(header.size()));
    write_data(stream);
    stream.close();
    if (!stream) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw Error(fmt::format("{}: write failed (disk full?)", path));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw Error(fmt::format("{}: cannot replace the file ({})", path, error.message()));
  }
}

}  // namespace

void write_npy(const std::string& path, std::span<const double> values,
               const std::vector<int64_t>& shape, NpyDtype dtype) {
  const int64_t numel = npy::checked_numel(shape);
  require(numel == static_cast<int64_t>(values.size()),
          fmt::format("{}: {} values do not fill shape ({})", path, values.size(),
                      fmt::join(shape, ", ")));
  write_atomically(path, dtype, shape, [&](std::ofstream& stream) {
    if (dtype == NpyDtype::float64) {
      stream.write(reinterpret_cast<const char*>(values.data()),
                   static_cast<std::streamsize>(values.size_bytes()));
      return;
    }
    // Narrowed in chunks so a large array needs no second full-size copy.
    constexpr size_t kChunk = 8192;
    std::vector<float> chunk(std::min(kChunk, values.size()));
    for (size_t begin = 0; begin < values.size(); begin += kChunk) {
      const size_t count = std::min(kChunk, values.size() - begin);
      for (size_t i = 0; i < count; ++i) chunk[i] = static_cast<float>(values[begin + i]);
      stream.write(reinterpret_cast<const char*>(chunk.data()),
                   static_cast<std::streamsize>(count * sizeof(float)));
    }
  });
}

void write_npy(const std::string& path, ConstTensorView tensor) {
  write_atomically(path, NpyDtype::float32, tensor.shape.dims(), [&](std::ofstream& stream) {
    stream.write(reinterpret_cast<const char*>(tensor.data),
                 static_cast<std::streamsize>(tensor.numel() * sizeof(float)));
  });
}

void write_npy(const std::string& path, const Series& series, NpyDtype dtype) {
  write_npy(path, std::span<const double>(series.values()), {series.time_steps(),
            series.channels()}, dtype);
}

}  // namespace flujo::data
