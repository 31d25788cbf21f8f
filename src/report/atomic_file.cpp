#include "report/atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "flujo/core/error.hpp"

namespace flujo::report {

void write_file_atomically(const std::string& path, std::string_view content) {
  const std::string temporary = fmt::format("{}.tmp.{}", path, ::getpid());
  std::error_code ignored;
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    require(stream.is_open(),
            fmt::format("{}: cannot create the file ({})", path, std::strerror(errno)));
    stream.write(content.data(), static_cast<std::streamsize>(content.size()));
    stream.close();
    if (!stream) {
      std::filesystem::remove(temporary, ignored);
      throw Error(fmt::format("{}: write failed (disk full?)", path));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, ignored);
    throw Error(fmt::format("{}: cannot replace the file ({})", path, error.message()));
  }
}

}  // namespace flujo::report
