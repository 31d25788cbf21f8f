#pragma once
// Scalar reductions over every element. Shapes: x any, y a scalar (shape (), one element).
// The total accumulates in double, so the result does not drift with the element count.
// Saved for backward: nothing (the gradient of a sum is the same everywhere). Backward adds
// into dx.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void sum_forward(TensorView y, ConstTensorView x);
void sum_backward(TensorView dx, ConstTensorView dy);

// x must have at least one element.
void mean_forward(TensorView y, ConstTensorView x);
void mean_backward(TensorView dx, ConstTensorView dy);

}  // namespace flujo::ops
