#include "flujo/core/safetensors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"

namespace flujo {
namespace {

// Larger headers are refused before parsing: no honest model file needs more (the Rust
// reference implementation's limit is 100 MB).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

float half_to_float(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  float magnitude;
  if (exponent == 0) magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31) magnitude = mantissa ? NAN : INFINITY;
  else magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  return sign ? -magnitude : magnitude;
}

size_t dtype_size(const std::string& dtype) {
  if (dtype == "F32") return 4;
  if (dtype == "F64") return 8;
  if (dtype == "F16" || dtype == "BF16") return 2;
  return 0;
}

std::string system_reason() { return std::strerror(errno); }

}  // namespace

SafetensorsFile parse_safetensors(const unsigned char* bytes, size_t size, const std::string& name) {
  auto fail = [&](const std::string& reason) { throw Error(name + ": " + reason); };
  if (size < 8) fail("too short for a safetensors header (" + std::to_string(size) + " bytes)");
  uint64_t header_bytes = 0;
  for (int i = 7; i >= 0; --i) header_bytes = (header_bytes << 8) | bytes[i];
  if (header_bytes > kMaxHeaderBytes || header_bytes > size - 8)
    fail("header length " + std::to_string(header_bytes) + " exceeds the file size " +
         std::to_string(size));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes + 8, bytes + 8 + header_bytes);
  } catch (const nlohmann::json::exception& e) {
    fail(std::string("header is not valid JSON (") + e.what() + ")");
  }
  if (!header.is_object()) fail("header is not a JSON object");
  const unsigned char* data = bytes + 8 + header_bytes;
  const uint64_t data_bytes = size - 8 - header_bytes;

  SafetensorsFile file;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& [key, entry] : header.items()) {
    if (key == "__metadata__") {
      if (!entry.is_object()) fail("__metadata__ is not an object");
      for (const auto& [mkey, mvalue] : entry.items()) {
        if (!mvalue.is_string()) fail("metadata '" + mkey + "' is not a string");
        file.metadata[mkey] = mvalue.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + key + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets"))
      fail(where + " lacks dtype, shape or data_offsets");
    const auto& dtype_json = entry["dtype"];
    if (!dtype_json.is_string()) fail(where + ": dtype is not a string");
    const std::string dtype = dtype_json.get<std::string>();
    const size_t element_bytes = dtype_size(dtype);
    if (element_bytes == 0) fail(where + ": unsupported dtype " + dtype);
    const auto& shape_json = entry["shape"];
    if (!shape_json.is_array() || shape_json.size() > static_cast<size_t>(Shape::kMaxRank))
      fail(where + ": shape must be an array of at most 5 dimensions");
    std::vector<int64_t> dims;
    uint64_t count = 1;
    for (const auto& d : shape_json) {
      if (!d.is_number_unsigned()) fail(where + ": shape has a non-integer or negative dimension");
      const uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && count > data_bytes / dim) fail(where + ": shape exceeds the data section");
      count *= dim;
      dims.push_back(static_cast<int64_t>(dim));
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
      fail(where + ": data_offsets must be two non-negative integers");
    const uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    if (begin > end || end > data_bytes) fail(where + ": data_offsets outside the data section");
    if (end - begin != count * element_bytes)
      fail(where + ": data_offsets span " + std::to_string(end - begin) + " bytes, shape needs " +
           std::to_string(count * element_bytes));
    ranges.emplace_back(begin, end);
    Tensor tensor{Shape(dims)};
    const unsigned char* source = data + begin;
    for (uint64_t i = 0; i < count; ++i) {
      if (dtype == "F32") {
        std::memcpy(&tensor[static_cast<int64_t>(i)], source + 4 * i, 4);
      } else if (dtype == "F64") {
        double v;
        std::memcpy(&v, source + 8 * i, 8);
        tensor[static_cast<int64_t>(i)] = static_cast<float>(v);
      } else {
        uint16_t h;
        std::memcpy(&h, source + 2 * i, 2);
        if (dtype == "F16") {
          tensor[static_cast<int64_t>(i)] = half_to_float(h);
        } else {
          const uint32_t bits = static_cast<uint32_t>(h) << 16;
          std::memcpy(&tensor[static_cast<int64_t>(i)], &bits, 4);
        }
      }
    }
    file.tensors.emplace(key, std::move(tensor));
  }
  std::sort(ranges.begin(), ranges.end());
  uint64_t covered = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin != covered) fail("tensor data overlaps or leaves a gap at byte " + std::to_string(begin));
    covered = end;
  }
  if (covered != data_bytes) fail("data section has " + std::to_string(data_bytes - covered) +
                                  " bytes that no tensor describes");
  return file;
}

SafetensorsFile read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  require(in.good(), path + ": cannot open (" + system_reason() + ")");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  return parse_safetensors(bytes.data(), bytes.size(), path);
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  require(fd >= 0, path + ": cannot write (" + system_reason() + ")");
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = n < 0 ? system_reason() : "short write";
      ::close(fd);
      ::unlink(temporary.c_str());
      throw Error(path + ": write failed (" + reason + ")");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = system_reason();
    ::unlink(temporary.c_str());
    throw Error(path + ": write failed (" + reason + ")");
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = system_reason();
    ::unlink(temporary.c_str());
    throw Error(path + ": cannot replace (" + reason + ")");
  }
}

void write_safetensors(const std::string& path, const ParameterStore& store,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const Parameter& p : store.parameters()) {
    const uint64_t bytes = static_cast<uint64_t>(p.shape.numel()) * 4;
    header[p.name] = {{"dtype", "F32"}, {"shape", p.shape.dims()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the format pads the header to 8 bytes
  std::string contents(8, '\0');
  for (int i = 0; i < 8; ++i) contents[i] = static_cast<char>((text.size() >> (8 * i)) & 0xFF);
  contents += text;
  // Data in header order: nlohmann::json sorts keys, so write tensors in the offsets' order.
  for (const Parameter& p : store.parameters()) {
    const char* begin = reinterpret_cast<const char*>(store.values() + p.offset);
    contents.append(begin, begin + p.shape.numel() * 4);
  }
  write_file_atomically(path, contents);
}

void load_parameters(ParameterStore& store, const SafetensorsFile& file, const std::string& path) {
  for (const Parameter& p : store.parameters()) {
    const auto it = file.tensors.find(p.name);
    require(it != file.tensors.end(), path + ": no tensor named '" + p.name + "'");
    require(it->second.shape() == p.shape, path + ": tensor '" + p.name + "' has shape " +
                                               it->second.shape().str() + ", the model needs " +
                                               p.shape.str());
    store.value(store.find(p.name)).copy_from(it->second.view());
  }
  for (const auto& [name, tensor] : file.tensors)
    require(store.find(name) >= 0, path + ": tensor '" + name + "' is not a parameter of this model");
}

}  // namespace flujo
