// read_npy_array / read_npy: the header is checked against the file's real size before anything
// is allocated, so a lying or truncated file costs an error message, not memory or a bad read.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "data/npy_format.hpp"
#include "data/read_file.hpp"
#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {

static_assert(std::endian::native == std::endian::little, "the .npy reader assumes little-endian");

void read_exactly(std::ifstream& stream, const std::string& path, char* out, int64_t bytes) {
  stream.read(out, static_cast<std::streamsize>(bytes));
  require(stream.gcount() == bytes, fmt::format("{}: read error (file changed while reading?)",
                                                path));
}

npy::Header read_header(std::ifstream& stream, const std::string& path, int64_t file_bytes) {
  constexpr int64_t kShortest = npy::kPreambleBytes + 2;
  require(file_bytes >= kShortest,
          fmt::format("{}: not an .npy file ({} bytes, too short for the header)", path,
                      file_bytes));
  unsigned char preamble[npy::kPreambleBytes + 4] = {};
  read_exactly(stream, path, reinterpret_cast<char*>(preamble), npy::kPreambleBytes);
  require(std::memcmp(preamble, npy::kMagic.data(), npy::kMagic.size()) == 0,
          fmt::format("{}: not an .npy file (wrong magic bytes)", path));
  const int length_bytes = npy::length_field_bytes(path, preamble[6], preamble[7]);
  require(file_bytes >= npy::kPreambleBytes + length_bytes,
          fmt::format("{}: truncated .npy header", path));
  read_exactly(stream, path, reinterpret_cast<char*>(preamble + npy::kPreambleBytes),
               length_bytes);
  int64_t dict_bytes = 0;
  for (int i = length_bytes - 1; i >= 0; --i)
    dict_bytes = (dict_bytes << 8) | preamble[npy::kPreambleBytes + i];
  const int64_t data_offset = npy::kPreambleBytes + length_bytes + dict_bytes;
  require(dict_bytes <= npy::kMaxHeaderBytes && data_offset <= file_bytes,
          fmt::format("{}: truncated .npy header (it claims {} bytes, the file has {})", path,
                      dict_bytes, file_bytes));
  std::string dict(static_cast<size_t>(dict_bytes), '\0');
  read_exactly(stream, path, dict.data(), dict_bytes);
  npy::Header header = npy::parse_header_dict(path, dict);
  header.data_offset = data_offset;
  return header;
}

std::string describe_index(const std::vector<int64_t>& shape, int64_t flat) {
  if (shape.size() <= 1) return fmt::format("row {}", flat);
  std::vector<int64_t> index(shape.size());
  for (size_t axis = shape.size(); axis-- > 0;) {
    index[axis] = flat % shape[axis];
    flat /= shape[axis];
  }
  if (shape.size() == 2) return fmt::format("row {}, column {}", index[0], index[1]);
  return fmt::format("index ({})", fmt::join(index, ", "));
}

}  // namespace

NpyArray read_npy_array(const std::string& path) {
  std::ifstream stream = open_for_reading(path);
  const int64_t file_bytes = stream_size(stream);
  const npy::Header header = read_header(stream, path, file_bytes);
  const int64_t numel = npy::checked_numel(header.shape);
  const int64_t item = npy::item_bytes(header.dtype);
  const int64_t data_bytes = file_bytes - header.data_offset;
  if (numel < 0 || numel > data_bytes / item || numel * item != data_bytes) {
    // numel · item may overflow for a lying shape: say so rather than compute it.
    const bool huge = numel < 0 || numel > INT64_MAX / item;
    throw Error(fmt::format("{}: shape ({}) of {} needs {} data bytes but the file holds {}", path,
                            fmt::join(header.shape, ", "), item == 4 ? "<f4" : "<f8",
                            huge ? std::string("more than 2^63") : std::to_string(numel * item),
                            data_bytes));
  }

  NpyArray array{header.shape, std::vector<double>(static_cast<size_t>(numel))};
  if (header.dtype == NpyDtype::float64) {
    read_exactly(stream, path, reinterpret_cast<char*>(array.values.data()), data_bytes);
  } else {
    std::vector<float> narrow(static_cast<size_t>(numel));
    read_exactly(stream, path, reinterpret_cast<char*>(narrow.data()), data_bytes);
    for (int64_t i = 0; i < numel; ++i) array.values[i] = narrow[i];
  }
  for (int64_t i = 0; i < numel; ++i) {
    const double value = array.values[i];
    if (!std::isfinite(value))
      throw Error(fmt::format("{}: element {} ({}) is {}; NaN and Inf are not allowed", path, i,
                              describe_index(header.shape, i), std::isnan(value) ? "NaN" : "Inf"));
  }
  return array;
}

Series read_npy(const std::string& path) {
  NpyArray array = read_npy_array(path);
  const auto rank = array.shape.size();
  require(rank == 1 || rank == 2,
          fmt::format("{}: a series must be 1-D (T,) or 2-D (T, C), got shape ({})", path,
                      fmt::join(array.shape, ", ")));
  const int64_t time_steps = array.shape[0];
  const int64_t channels = rank == 2 ? array.shape[1] : 1;
  require(time_steps > 0 && channels > 0,
          fmt::format("{}: empty array of shape ({})", path, fmt::join(array.shape, ", ")));
  std::vector<std::string> names;
  for (int64_t c = 0; c < channels; ++c) names.push_back(std::to_string(c));
  return Series(time_steps, std::move(names), std::move(array.values));
}

}  // namespace flujo::data
