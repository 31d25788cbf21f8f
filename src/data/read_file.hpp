#pragma once
// Opening users' files with errors that name them. Internal to the library (the data readers,
// the words corpus).
#include <cstdint>
#include <fstream>
#include <string>

namespace flujo::data {

// Opens `path` for binary reading; throws Error "<path>: cannot open (<reason>)".
std::ifstream open_for_reading(const std::string& path);

// The size of an open stream in bytes (the stream is left at its start).
int64_t stream_size(std::ifstream& stream);

// The whole file as bytes.
std::string read_whole_file(const std::string& path);

}  // namespace flujo::data
