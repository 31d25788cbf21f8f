#pragma once
// Test helpers for the data module: a private temporary directory removed at scope end, files
// written into it, the path of a committed malformed sample, and a check that an Error's message
// contains given fragments.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"

namespace flujo::data::testing {

class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("flujo_data_") + info->test_suite_name() + "_" + info->name() + "_" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(file(name), std::ios::binary) << bytes;
    return file(name);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string malformed(const std::string& name) {
  return std::string(FLUJO_SOURCE_DIR) + "/tests/data/malformed/" + name;
}

// The message of the Error `action` throws ("" and a test failure if it throws none).
inline std::string error_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected flujo::Error";
  return "";
}

// Each fragment must appear in the message; the message must be one line.
inline ::testing::AssertionResult mentions(const std::string& message,
                                           const std::vector<std::string>& fragments) {
  if (message.find('\n') != std::string::npos)
    return ::testing::AssertionFailure() << "message spans lines: " << message;
  for (const auto& fragment : fragments)
    if (message.find(fragment) == std::string::npos)
      return ::testing::AssertionFailure() << "'" << fragment << "' missing from: " << message;
  return ::testing::AssertionSuccess();
}

}  // namespace flujo::data::testing
