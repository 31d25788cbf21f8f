#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "support/fixture.hpp"
#include "support/scratch_dir.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

// Builds fixture files byte by byte, so that each malformation below is one edit of a valid file.
class Bytes {
 public:
  Bytes& u32(uint32_t v) { return raw(&v, sizeof v); }
  Bytes& u64(uint64_t v) { return raw(&v, sizeof v); }
  Bytes& f32(float v) { return raw(&v, sizeof v); }
  Bytes& i64(int64_t v) { return raw(&v, sizeof v); }
  Bytes& text(const std::string& s) { return raw(s.data(), s.size()); }
  Bytes& raw(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    data.insert(data.end(), c, c + n);
    return *this;
  }
  std::vector<char> data;
};

constexpr uint32_t kMagic = 0x464C4A58;

// A valid file: "w" float32 (2, 2) = 1..4 and "t" int64 (3,) = 7, -1, 2.
Bytes valid_file() {
  Bytes b;
  b.u32(kMagic).u32(1).u32(2);
  b.u32(1).text("w").u32(2).u64(2).u64(2).u32(0).f32(1).f32(2).f32(3).f32(4);
  b.u32(1).text("t").u32(1).u64(3).u32(1).i64(7).i64(-1).i64(2);
  return b;
}

// This test binary's files, removed when it exits.
const testing::ScratchDir& scratch() {
  static const testing::ScratchDir directory;
  return directory;
}

std::string write_temp(const std::vector<char>& bytes, const std::string& name) {
  const std::string path = scratch().file(name + ".bin");
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// Expects load to throw an Error whose message names the file and contains `reason`.
void expect_rejected(const std::vector<char>& bytes, const std::string& name,
                     const std::string& reason) {
  const std::string path = write_temp(bytes, name);
  try {
    Fixture::load(path);
    ADD_FAILURE() << name << ": malformed fixture was accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << name << ": " << what;
    EXPECT_NE(what.find(reason), std::string::npos) << name << ": " << what;
  }
}

TEST(FixtureReader, ReadsHandWrittenFile) {
  const Fixture f = Fixture::load(write_temp(valid_file().data, "valid"));
  EXPECT_EQ(f.names(), (std::vector<std::string>{"t", "w"}));
  const Tensor w = f.tensor("w");
  EXPECT_EQ(w.shape(), (Shape{2, 2}));
  EXPECT_EQ(w.to_vector(), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(f.indices("t"), (std::vector<int32_t>{7, -1, 2}));
  EXPECT_EQ(f.shape("t"), (Shape{3}));
}

TEST(FixtureReader, RejectsWrongDtypeAndMissingNames) {
  const Fixture f = Fixture::load(write_temp(valid_file().data, "dtypes"));
  EXPECT_THROW(f.tensor("t"), Error);
  EXPECT_THROW(f.indices("w"), Error);
  try {
    f.tensor("weight_ih_l7");
    ADD_FAILURE() << "missing tensor was found";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'weight_ih_l7'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(f.path()), std::string::npos) << e.what();
  }
}

TEST(FixtureReader, RejectsMissingFile) {
  EXPECT_THROW(Fixture::load("no_such_fixture.bin"), Error);
}

TEST(FixtureReader, RejectsEveryTruncation) {
  const std::vector<char> bytes = valid_file().data;
  for (size_t length = 0; length < bytes.size(); ++length)
    expect_rejected({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length)},
                    "truncated_" + std::to_string(length), "truncated");
}

TEST(FixtureReader, RejectsMalformedHeaders) {
  std::vector<char> bytes = valid_file().data;
  bytes[0] = 'Y';
  expect_rejected(bytes, "magic", "bad magic");

  expect_rejected(Bytes().u32(kMagic).u32(2).u32(0).data, "version", "version 2");

  Bytes trailing = valid_file();
  trailing.u32(0);
  expect_rejected(trailing.data, "trailing", "trailing bytes");

  expect_rejected(Bytes().u32(kMagic).u32(1).u32(3).data, "count", "truncated");
}

TEST(FixtureReader, RejectsLyingTensorRecords) {
  const auto header = [] { return Bytes().u32(kMagic).u32(1).u32(1); };
  expect_rejected(header().u32(0xFFFFFFF0u).text("w").data, "name_length", "truncated");
  expect_rejected(header().u32(1).text("w").u32(6).data, "rank", "rank 6");
  expect_rejected(header().u32(1).text("w").u32(1).u64(1000).u32(0).f32(1).data, "dim",
                  "truncated");
  expect_rejected(header().u32(1).text("w").u32(1).u64(~0ull).u32(0).data, "huge_dim",
                  "too large");
  expect_rejected(header().u32(1).text("w").u32(3).u64(1ull << 40).u64(1ull << 40).u64(1ull << 40)
                      .u32(0).data,
                  "overflow", "overflows");
  expect_rejected(header().u32(1).text("w").u32(1).u64(1).u32(7).f32(1).data, "dtype",
                  "unknown dtype 7");
  Bytes duplicate = Bytes().u32(kMagic).u32(1).u32(2);
  for (int i = 0; i < 2; ++i) duplicate.u32(1).text("w").u32(1).u64(1).u32(0).f32(1);
  expect_rejected(duplicate.data, "duplicate", "duplicate tensor 'w'");
}

TEST(FixtureReader, RejectsIndicesOutsideInt32) {
  Bytes b = Bytes().u32(kMagic).u32(1).u32(1);
  b.u32(1).text("t").u32(1).u64(1).u32(1).i64(int64_t{1} << 40);
  const Fixture f = Fixture::load(write_temp(b.data, "int32_range"));
  EXPECT_THROW(f.indices("t"), Error);
}

// The committed linear fixture is internally consistent: y = x · weight^T + bias in double.
TEST(FixtureReader, CommittedLinearFixtureIsConsistent) {
  const Fixture f = Fixture::load("linear.bin");
  const Tensor x = f.tensor("x"), weight = f.tensor("weight"), bias = f.tensor("bias");
  const Tensor y = f.tensor("y");
  ASSERT_EQ(x.shape(), (Shape{2, 3, 4}));
  ASSERT_EQ(weight.shape(), (Shape{5, 4}));
  ASSERT_EQ(y.shape(), (Shape{2, 3, 5}));
  Tensor recomputed(y.shape());
  for (int64_t r = 0; r < 6; ++r)
    for (int64_t o = 0; o < 5; ++o) {
      double total = bias[o];
      for (int64_t i = 0; i < 4; ++i)
        total += static_cast<double>(x[r * 4 + i]) * weight[o * 4 + i];
      recomputed[r * 5 + o] = static_cast<float>(total);
    }
  EXPECT_TRUE(expect_close(recomputed.view(), y.view(), kPyTorchParity, "y"));
  EXPECT_EQ(Fixture::load("cross_entropy.bin").indices("targets"),
            (std::vector<int32_t>{2, 0, 4, 1}));
}

TEST(ExpectClose, PassesWithinToleranceRelativeToScale) {
  const Tensor expected = Tensor::from({3}, {100, -200, 50});
  const Tensor actual = Tensor::from({3}, {100.001f, -200, 50});  // 1e-3 / 200 = 5e-6
  EXPECT_TRUE(expect_close(actual.view(), expected.view(), kPyTorchParity, "t"));
  EXPECT_TRUE(expect_close(expected.view(), expected.view(), 0.0, "t"));
}

TEST(ExpectClose, FailsBeyondToleranceNamingTheWorstElement) {
  const Tensor expected = Tensor::from({2, 2}, {1, 2, 3, 4});
  const Tensor actual = Tensor::from({2, 2}, {1, 2.0001f, 3.001f, 4});
  const ::testing::AssertionResult result =
      expect_close(actual.view(), expected.view(), kPyTorchParity, "grad.h0");
  ASSERT_FALSE(result);
  const std::string message = result.message();
  EXPECT_NE(message.find("grad.h0"), std::string::npos) << message;
  EXPECT_NE(message.find("element 2 "), std::string::npos) << message;
  EXPECT_NE(message.find("3.00099993"), std::string::npos) << message;
}

TEST(ExpectClose, FailsOnShapeMismatchAndNaN) {
  const Tensor expected = Tensor::from({4}, {1, 2, 3, 4});
  const Tensor reshaped = Tensor::from({2, 2}, {1, 2, 3, 4});
  EXPECT_FALSE(expect_close(reshaped.view(), expected.view(), 1.0, "shape"));
  Tensor nan = expected.clone();
  nan[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(expect_close(nan.view(), expected.view(), 1.0, "nan"));
  EXPECT_FALSE(expect_close(expected.view(), nan.view(), 1.0, "nan expected"));
}

}  // namespace
}  // namespace flujo
