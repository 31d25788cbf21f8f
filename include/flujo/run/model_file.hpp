#pragma once
// A recurrent model file on its own, without its run directory: model.safetensors of a run, or a
// file another framework (PyTorch, tools/torch_interop.py) wrote under flujo's parameter names.
// The architecture comes from the "flujo.config" metadata (model, hidden, layers) and the number
// of channels C from head.weight (C, H).
//
//   const flujo::SafetensorsFile file = flujo::read_safetensors(path);
//   flujo::Tensor next = flujo::run::predict_next(file, path, windows);  // (B, L, C) → (B, C)
#include <string>

#include "flujo/core/safetensors.hpp"

namespace flujo::run {

// The model's next value (B, C) after each input window (B, L, C), in its own (normalised) units.
// Every mismatch (no or bad config metadata, esn, missing, extra or wrongly shaped tensors,
// windows of another width) throws Error naming `path`.
Tensor predict_next(const SafetensorsFile& file, const std::string& path,
                    ConstTensorView windows);

}  // namespace flujo::run
