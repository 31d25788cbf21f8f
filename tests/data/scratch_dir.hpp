#pragma once
// Test helpers for the data module: the shared ScratchDir, the path of a committed malformed
// sample, a check that an Error's message contains given fragments, and one that a reader refuses
// a malformed sample with such a message.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::data::testing {

using flujo::testing::ScratchDir;

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

// A committed malformed sample and what its error message must say besides the file name.
struct MalformedSample {
  const char* file;
  std::vector<std::string> fragments;
};

// `read` must refuse the sample with a one-line Error naming the file and every fragment.
inline ::testing::AssertionResult refuses(const MalformedSample& sample,
                                          const std::function<void(const std::string&)>& read) {
  const std::string path = malformed(sample.file);
  const std::string message = error_message([&] { read(path); });
  if (auto named = mentions(message, {sample.file}); !named) return named;
  return mentions(message, sample.fragments);
}

}  // namespace flujo::data::testing
