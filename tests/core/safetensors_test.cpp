#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/core/safetensors.hpp"
#include "support/scratch_dir.hpp"

namespace flujo {
namespace {

// This test binary's files, removed when it exits.
const testing::ScratchDir& scratch() {
  static const testing::ScratchDir directory;
  return directory;
}

std::string temp_path(const std::string& name) { return scratch().file(name); }

ParameterStore small_store() {
  ParameterStore store;
  store.add("rnn.weight_ih_l0", {4, 2});
  store.add("rnn.bias_ih_l0", {4});
  Rng rng(3);
  rng.fill_uniform({store.values(), Shape{store.numel()}}, -1, 1);
  return store;
}

std::string header_only(const std::string& json) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((json.size() >> (8 * i)) & 0xFF);
  return bytes + json;
}

void expect_error(const std::string& bytes, const std::string& fragment) {
  try {
    parse_safetensors(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), "m.safetensors");
    FAIL() << "accepted: " << fragment;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("m.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Safetensors, RoundTripKeepsValuesNamesAndMetadata) {
  ParameterStore store = small_store();
  const std::string path = temp_path("model.safetensors");
  write_safetensors(path, store, {{"flujo.config", "{\"model\":\"lstm\"}"}});
  const SafetensorsFile file = read_safetensors(path);
  EXPECT_EQ(file.metadata.at("flujo.config"), "{\"model\":\"lstm\"}");
  ParameterStore loaded;
  loaded.add("rnn.weight_ih_l0", {4, 2});
  loaded.add("rnn.bias_ih_l0", {4});
  load_parameters(loaded, file, path);
  EXPECT_EQ(std::memcmp(loaded.values(), store.values(), sizeof(float) * store.numel()), 0);
}

TEST(Safetensors, LoadRefusesWrongShapesAndMissingOrExtraTensors) {
  ParameterStore store = small_store();
  const std::string path = temp_path("model2.safetensors");
  write_safetensors(path, store, {});
  const SafetensorsFile file = read_safetensors(path);
  ParameterStore wrong_shape;
  wrong_shape.add("rnn.weight_ih_l0", {2, 4});
  wrong_shape.add("rnn.bias_ih_l0", {4});
  EXPECT_THROW(load_parameters(wrong_shape, file, path), Error);
  ParameterStore fewer;
  fewer.add("rnn.weight_ih_l0", {4, 2});
  EXPECT_THROW(load_parameters(fewer, file, path), Error);
}

TEST(Safetensors, MalformedImagesGiveErrorsNamingTheFile) {
  expect_error("abc", "too short");
  expect_error(std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "{}", "exceeds the file size");
  expect_error(header_only("{not json"), "not valid JSON");
  expect_error(header_only("[1,2]"), "not a JSON object");
  expect_error(header_only(R"({"w":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}})") + "x",
               "unsupported dtype");
  expect_error(header_only(R"({"w":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4]}})") +
                   "abcd",
               "exceeds the data section");
  expect_error(header_only(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})") + "abcd",
               "shape needs 8");
  expect_error(header_only(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})") + "abcd",
               "outside the data section");
  expect_error(header_only(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})") + "abcdefgh",
               "no tensor describes");
  expect_error(header_only(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})") + "abcd",
               "negative");
}

TEST(Safetensors, WriteToAMissingDirectoryFailsCleanly) {
  ParameterStore store = small_store();
  EXPECT_THROW(write_safetensors("/nonexistent-dir/m.safetensors", store, {}), Error);
}

}  // namespace
}  // namespace flujo
