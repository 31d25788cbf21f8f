#include "core/ops/embedding.hpp"

#include <algorithm>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void embedding_forward(TensorView out, ConstTensorView table, std::span<const int32_t> indices) {
  const int64_t width = table.shape[1];
  for (size_t i = 0; i < indices.size(); ++i) {
    const float* row = table.data + indices[i] * width;
    std::copy(row, row + width, out.data + static_cast<int64_t>(i) * width);
  }
}

void embedding_backward(TensorView dtable, ConstTensorView dout, std::span<const int32_t> indices) {
  const int64_t width = dtable.shape[1];
  for (size_t i = 0; i < indices.size(); ++i) {
    float* row = dtable.data + indices[i] * width;
    const float* d = dout.data + static_cast<int64_t>(i) * width;
    for (int64_t e = 0; e < width; ++e) row[e] += d[e];
  }
}

}  // namespace ops

namespace {

// out's shape: index_shape followed by the embedding width.
Shape embedded_shape(const Shape& index_shape, int64_t width) {
  switch (index_shape.rank()) {
    case 0: return Shape{width};
    case 1: return Shape{index_shape[0], width};
    case 2: return Shape{index_shape[0], index_shape[1], width};
    case 3: return Shape{index_shape[0], index_shape[1], index_shape[2], width};
    case 4: return Shape{index_shape[0], index_shape[1], index_shape[2], index_shape[3], width};
    default:
      throw Error("embedding: index shape " + index_shape.str() + " has more than 4 axes");
  }
}

}  // namespace

Var embedding(Var table, std::span<const int32_t> indices, Shape index_shape) {
  const Shape table_shape = table.shape();
  if (table_shape.rank() != 2)
    throw Error("embedding: table must be (V, E), got " + table_shape.str());
  if (index_shape.numel() != static_cast<int64_t>(indices.size()))
    throw Error("embedding: index shape " + index_shape.str() + " needs " +
                std::to_string(index_shape.numel()) + " indices, got " +
                std::to_string(indices.size()));
  const int64_t vocabulary = table_shape[0];
  for (size_t i = 0; i < indices.size(); ++i) {
    if (indices[i] < 0 || indices[i] >= vocabulary)
      throw Error("embedding: index " + std::to_string(indices[i]) + " at position " +
                  std::to_string(i) + " is outside [0, " + std::to_string(vocabulary) + ")");
  }
  Tape& tape = *table.tape;
  const bool needs_grad = table.requires_grad();
  Var out = tape.make(embedded_shape(index_shape, table_shape[1]), needs_grad);
  ops::embedding_forward(out.value(), table.value(), indices);
  if (needs_grad) {
    tape.record([=] { ops::embedding_backward(table.grad(), out.grad(), indices); });
  }
  return out;
}

}  // namespace flujo
