#pragma once
// The .npy container (numpy's format.py): the magic "\x93NUMPY", a version byte pair, the header
// length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (T, C), } padded with spaces and a '\n' so the
// data starts at a multiple of 64 bytes. Internal to the data module.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flujo/data.hpp"

namespace flujo::data::npy {

inline constexpr std::string_view kMagic = "\x93NUMPY";
inline constexpr int64_t kPreambleBytes = 8;         // magic + version
inline constexpr int64_t kMaxHeaderBytes = 1 << 20;  // far above what numpy writes
inline constexpr int kMaxRank = 32;                  // numpy's own limit

struct Header {
  NpyDtype dtype = NpyDtype::float64;
  std::vector<int64_t> shape;
  int64_t data_offset = 0;  // bytes before the array data
};

inline int64_t item_bytes(NpyDtype dtype) { return dtype == NpyDtype::float32 ? 4 : 8; }

// The length field's size for a major version (1 → 2 bytes, 2 and 3 → 4); throws Error naming
// `path` for an unknown version.
int length_field_bytes(const std::string& path, int major, int minor);

// Parses the dict text; throws Error naming `path` and the reason (bad syntax, missing or unknown
// key, unsupported dtype, Fortran order, negative or overflowing dimension).
Header parse_header_dict(const std::string& path, std::string_view dict);

// Total elements of `shape`, or -1 when the product would overflow int64.
int64_t checked_numel(const std::vector<int64_t>& shape);

// Magic, version, length and padded dict for an array (version 1.0 unless the dict needs 2.0).
std::string format_header(NpyDtype dtype, const std::vector<int64_t>& shape);

}  // namespace flujo::data::npy
