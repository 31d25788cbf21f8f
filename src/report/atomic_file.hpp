#pragma once
// Writing a whole file so that readers never see (and failures never leave) a half-written one.
// Internal to the report module.
#include <string>
#include <string_view>

namespace flujo::report {

// Writes `content` to a temporary file beside `path`, then renames it over `path`. Throws Error
// naming `path` when the file cannot be created, written or renamed; the temporary is removed.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace flujo::report
