#pragma once
// PyTorch reference fixtures (tests/fixtures/*.bin, written by make_fixtures.py; the format is in
// tests/fixtures/README.md) and the comparison used by every parity test.
//
//   auto fixture = Fixture::load("lstm_2layer.bin");      // resolved against FLUJO_FIXTURE_DIR
//   EXPECT_TRUE(expect_close(y.value(), fixture.tensor("output").view(), kPyTorchParity,
//                            "output"));
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "flujo/core/tensor.hpp"

namespace flujo::testing {

// PyTorch's references are computed in float64 from the same float32 inputs; flujo computes in
// float32 with its own summation order. Rounding in float32 is ~6e-8 per operation, and the
// deepest fixture (2 layers × 5 steps, forward and backward) chains a few hundred of them, so
// the worst-element error relative to the tensor's scale stays below 1e-5.
inline constexpr double kPyTorchParity = 1e-5;

class Fixture {
 public:
  // A bare file name is looked up in FLUJO_FIXTURE_DIR; a path containing '/' is used as given.
  // Throws Error naming the file and the reason when it is missing or malformed.
  static Fixture load(const std::string& name);

  // The float32 tensor with this name; throws Error naming the fixture and the tensor when it is
  // absent or holds int64.
  Tensor tensor(const std::string& name) const;
  // The int64 tensor with this name as int32 (class indices); throws Error when absent, float,
  // or out of int32 range.
  std::vector<int32_t> indices(const std::string& name) const;
  // Shape of the named tensor of either dtype.
  Shape shape(const std::string& name) const;
  bool contains(const std::string& name) const { return entries_.count(name) > 0; }
  std::vector<std::string> names() const;  // sorted
  const std::string& path() const { return path_; }

 private:
  struct Entry {
    Shape shape;
    Tensor floats;                // dtype float32
    std::vector<int64_t> integers;  // dtype int64
    bool is_integer = false;
  };
  const Entry& entry(const std::string& name) const;

  std::string path_;
  std::map<std::string, Entry> entries_;
};

// Passes when shapes are equal and max|actual − expected| / max(max|expected|, 1e-12) ≤
// tolerance; any NaN fails. On failure the message names the tensor, the relative error, and the
// worst element's index and both values. [[nodiscard]]: wrap it in EXPECT_TRUE / ASSERT_TRUE.
[[nodiscard]] ::testing::AssertionResult expect_close(ConstTensorView actual,
                                                      ConstTensorView expected, double tolerance,
                                                      const std::string& name);

}  // namespace flujo::testing
