#pragma once
// Model files in the safetensors format (the open, non-executable format of the PyTorch
// ecosystem): an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
// shape and byte range, and a "__metadata__" map of strings; then the raw little-endian data.
// flujo writes float32 tensors under PyTorch's parameter names; the metadata carries the model
// config, normalisation statistics and vocabulary as JSON text.
#include <map>
#include <string>

#include "flujo/core/parameters.hpp"

namespace flujo {

struct SafetensorsFile {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

// Reads and validates a whole file: header length against the file size, JSON syntax, dtypes
// (F32, F64 and F16/BF16 are converted to float32; others refused), shapes, byte ranges inside the
// data section, no overlaps or gaps. Every failure throws Error naming the file and the reason.
SafetensorsFile read_safetensors(const std::string& path);
// Parses an in-memory image; `name` is used in error messages (also the fuzzing entry point).
SafetensorsFile parse_safetensors(const unsigned char* bytes, size_t size, const std::string& name);

// Writes every parameter of the store (values only) plus metadata, atomically: a temporary file
// in the same directory, flushed and fsync'ed, then renamed over `path`.
void write_safetensors(const std::string& path, const ParameterStore& store,
                       const std::map<std::string, std::string>& metadata);

// Copies tensors into the store's parameters by name. Every parameter must be present with its
// exact shape; extra tensors are an error too (a model file for another architecture).
void load_parameters(ParameterStore& store, const SafetensorsFile& file, const std::string& path);

// Writes `contents` to `path` atomically (temp file, fsync, rename); on failure (e.g. no space)
// throws Error naming the path and the system's reason, and leaves any previous file intact.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace flujo
