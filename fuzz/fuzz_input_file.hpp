#pragma once
// For the readers that take only a path: each fuzz input goes to one private temporary file
// (named by the process id, so parallel fuzzers never share it), removed when the process exits.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace flujo::fuzz {

inline const std::string& input_path(const char* extension) {
  static const std::string path = [extension] {
    const char* directory = std::getenv("TMPDIR");
    std::string name = std::string(directory != nullptr ? directory : "/tmp") + "/flujo_fuzz_" +
                       std::to_string(::getpid()) + extension;
    static std::string removed_at_exit;
    removed_at_exit = name;
    std::atexit([] { std::remove(removed_at_exit.c_str()); });
    return name;
  }();
  return path;
}

// Writes the input to the private file and returns its path; aborts when the disk refuses (that
// is the harness failing, not the reader).
inline const std::string& write_input(const uint8_t* data, size_t size, const char* extension) {
  const std::string& path = input_path(extension);
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0)
    std::abort();
  return path;
}

}  // namespace flujo::fuzz
