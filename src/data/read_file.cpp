#include "data/read_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::data {

std::ifstream open_for_reading(const std::string& path) {
  std::error_code error;
  require(!std::filesystem::is_directory(path, error),
          fmt::format("{}: cannot open (is a directory)", path));
  std::ifstream stream(path, std::ios::binary);
  require(stream.is_open(), fmt::format("{}: cannot open ({})", path, std::strerror(errno)));
  return stream;
}

int64_t stream_size(std::ifstream& stream) {
  stream.seekg(0, std::ios::end);
  const auto size = static_cast<int64_t>(stream.tellg());
  stream.seekg(0, std::ios::beg);
  return size;
}

std::string read_whole_file(const std::string& path) {
  std::ifstream stream = open_for_reading(path);
  std::string bytes(static_cast<size_t>(stream_size(stream)), '\0');
  stream.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  require(static_cast<size_t>(stream.gcount()) == bytes.size(),
          fmt::format("{}: read error after {} bytes", path, stream.gcount()));
  return bytes;
}

}  // namespace flujo::data
