#pragma once
// Elementwise add, mul and scale kernel pairs. Shapes: a (N, F) with any leading axes merged into
// N; b either a's shape or (F), repeated over a's rows; y has a's shape. Backward adds into da and
// db; either may be empty (not wanted). Saved for backward: nothing beyond the inputs themselves.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void add_forward(TensorView y, ConstTensorView a, ConstTensorView b);
void add_backward(TensorView da, TensorView db, ConstTensorView dy);

void mul_forward(TensorView y, ConstTensorView a, ConstTensorView b);
void mul_backward(TensorView da, TensorView db, ConstTensorView dy, ConstTensorView a,
                  ConstTensorView b);

// y = a * factor.
void scale_forward(TensorView y, ConstTensorView a, float factor);
void scale_backward(TensorView da, ConstTensorView dy, float factor);

}  // namespace flujo::ops
