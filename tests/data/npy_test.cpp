#include <cstring>
#include <filesystem>

#include <gtest/gtest.h>

#include "data/scratch_dir.hpp"
#include "flujo/core/tensor.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {
using testing::error_message;
using testing::malformed;
using testing::MalformedSample;
using testing::mentions;
using testing::refuses;
using testing::ScratchDir;

// An .npy built by hand, independent of write_npy: magic, version, little-endian length, the dict
// padded with spaces and '\n' to a 64-byte boundary, then the raw values.
template <typename T>
std::string npy_bytes(const std::string& descr, const std::string& shape,
                      const std::vector<T>& values, int major = 1) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const size_t length_bytes = major == 1 ? 2 : 4;
  const size_t prefix = 8 + length_bytes;
  while ((prefix + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  for (size_t i = 0; i < length_bytes; ++i)
    out += static_cast<char>((dict.size() >> (8 * i)) & 0xFF);
  out += dict;
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  return out;
}

TEST(Npy, ReadsFloat64Matrix) {
  ScratchDir dir;
  const auto path = dir.write("a.npy", npy_bytes<double>("<f8", "(3, 2)", {0, 1, 2, 3, 4, 5.5}));
  const Series s = read_npy(path);
  ASSERT_EQ(s.time_steps(), 3);
  ASSERT_EQ(s.channel_names(), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(s.values(), (std::vector<double>{0, 1, 2, 3, 4, 5.5}));
}

TEST(Npy, ReadsFloat32Vector) {
  ScratchDir dir;
  const auto path = dir.write("a.npy", npy_bytes<float>("<f4", "(3,)", {0.5f, -1.25f, 0.1f}));
  const Series s = read_npy(path);
  ASSERT_EQ(s.time_steps(), 3);
  ASSERT_EQ(s.channels(), 1);
  EXPECT_EQ(s.values(), (std::vector<double>{0.5, -1.25, static_cast<double>(0.1f)}));
}

TEST(Npy, ReadsVersion2And3Headers) {
  ScratchDir dir;
  for (int major : {2, 3}) {
    const auto path = dir.write("v.npy", npy_bytes<double>("<f8", "(2, 1)", {7, 8}, major));
    EXPECT_EQ(read_npy(path).values(), (std::vector<double>{7, 8})) << "version " << major;
  }
}

TEST(Npy, ReadsArraysOfAnyRank) {
  ScratchDir dir;
  const auto path = dir.write("a.npy", npy_bytes<float>("<f4", "(2, 1, 2)", {1, 2, 3, 4}));
  const NpyArray array = read_npy_array(path);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 1, 2}));
  EXPECT_EQ(array.values, (std::vector<double>{1, 2, 3, 4}));
}

TEST(Npy, RoundTripsThroughTheWriter) {
  ScratchDir dir;
  const Series series(3, {"a", "b"}, {0.1, -2.5, 1e300, 3.0, 4.0, -5e-300});
  write_npy(dir.file("f8.npy"), series);
  const Series back = read_npy(dir.file("f8.npy"));
  EXPECT_EQ(back.values(), series.values());  // float64: bit-exact
  EXPECT_EQ(back.time_steps(), 3);

  const std::vector<double> small{0.1, -2.5, 3.0, 4.0};
  write_npy(dir.file("f4.npy"), small, {4}, NpyDtype::float32);
  const NpyArray narrow = read_npy_array(dir.file("f4.npy"));
  EXPECT_EQ(narrow.shape, (std::vector<int64_t>{4}));
  for (size_t i = 0; i < small.size(); ++i)
    EXPECT_EQ(narrow.values[i], static_cast<double>(static_cast<float>(small[i])));
  EXPECT_EQ(std::filesystem::file_size(dir.file("f4.npy")), 128u + 4 * 4);  // 64-byte aligned
}

TEST(Npy, WritesTensorsOfAnyRankAsFloat32) {
  ScratchDir dir;
  Tensor hidden({2, 3, 4});
  for (int64_t i = 0; i < hidden.numel(); ++i) hidden[i] = 0.25f * static_cast<float>(i) - 1.0f;
  write_npy(dir.file("h.npy"), hidden.view());
  const NpyArray back = read_npy_array(dir.file("h.npy"));
  EXPECT_EQ(back.shape, (std::vector<int64_t>{2, 3, 4}));
  for (int64_t i = 0; i < hidden.numel(); ++i) EXPECT_EQ(back.values[i], hidden[i]);
}

TEST(Npy, WriterReplacesAtomicallyAndLeavesNoTemporary) {
  ScratchDir dir;
  const auto path = dir.file("x.npy");
  write_npy(path, std::vector<double>{1, 2}, {2});
  write_npy(path, std::vector<double>{3, 4, 5}, {3});
  EXPECT_EQ(read_npy(path).values(), (std::vector<double>{3, 4, 5}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(Npy, WriterRefusesMismatchAndUnwritablePaths) {
  ScratchDir dir;
  EXPECT_TRUE(mentions(error_message([&] {
                         write_npy(dir.file("x.npy"), std::vector<double>{1, 2, 3}, {2, 2});
                       }),
                       {"x.npy", "3 values do not fill shape (2, 2)"}));
  const auto unwritable = dir.file("missing_dir/x.npy");
  EXPECT_TRUE(mentions(error_message([&] {
                         write_npy(unwritable, std::vector<double>{1}, {1});
                       }),
                       {"missing_dir/x.npy", "cannot create"}));
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.npy")));
}

class NpyMalformed : public ::testing::TestWithParam<MalformedSample> {};

TEST_P(NpyMalformed, NamesFileAndReason) {
  EXPECT_TRUE(refuses(GetParam(), [](const std::string& path) { read_npy(path); }));
}

INSTANTIATE_TEST_SUITE_P(
    Files, NpyMalformed,
    ::testing::Values(
        MalformedSample{"npy_lying_shape.npy",
                        {"shape (1000000000, 3)", "needs 24000000000 data bytes", "holds 48"}},
        MalformedSample{"npy_overflow_shape.npy", {"more than 2^63"}},
        MalformedSample{"npy_truncated_data.npy", {"needs 160 data bytes", "holds 80"}},
        MalformedSample{"npy_truncated_header.npy", {"truncated .npy header"}},
        MalformedSample{"npy_wrong_magic.npy", {"wrong magic"}},
        MalformedSample{"npy_bad_version.npy", {"version 4.0"}},
        MalformedSample{"npy_fortran_order.npy", {"Fortran-order"}},
        MalformedSample{"npy_big_endian.npy", {"dtype '>f8'"}},
        MalformedSample{"npy_int64.npy", {"dtype '<i8'"}},
        MalformedSample{"npy_unknown_key.npy", {"malformed .npy header", "'extra'"}},
        MalformedSample{"npy_garbage_header.npy", {"malformed .npy header"}},
        MalformedSample{"npy_nan_value.npy", {"element 5 (row 2, column 1) is NaN"}},
        MalformedSample{"npy_inf_value_f4.npy", {"element 3 (row 3) is Inf"}},
        MalformedSample{"npy_rank3.npy", {"1-D (T,) or 2-D (T, C)", "(1, 3, 2)"}}),
    [](const auto& info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

TEST(NpyErrors, MissingAndEmptyFiles) {
  ScratchDir dir;
  EXPECT_TRUE(mentions(error_message([&] { read_npy(dir.file("none.npy")); }),
                       {"none.npy", "cannot open"}));
  const auto empty = dir.write("empty.npy", "");
  EXPECT_TRUE(mentions(error_message([&] { read_npy(empty); }), {"empty.npy", "too short"}));
}

TEST(NpyErrors, EmptyArrayIsNotASeries) {
  ScratchDir dir;
  const auto path = dir.write("e.npy", npy_bytes<double>("<f8", "(0, 2)", {}));
  EXPECT_EQ(read_npy_array(path).values.size(), 0u);
  EXPECT_TRUE(mentions(error_message([&] { read_npy(path); }), {"e.npy", "empty array"}));
}

}  // namespace
}  // namespace flujo::data
