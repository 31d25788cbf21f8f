#pragma once
// Embedding lookup kernel pair. Shapes: table (V, E), indices I values in [0, V), out (I, E) with
// the index axes merged into I. Saved for backward: the indices, which stay the caller's memory
// and must outlive backward, like a constant's value. Backward adds into dtable; rows looked up
// more than once collect every contribution.
#include <cstdint>
#include <span>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void embedding_forward(TensorView out, ConstTensorView table, std::span<const int32_t> indices);
void embedding_backward(TensorView dtable, ConstTensorView dout, std::span<const int32_t> indices);

}  // namespace flujo::ops
