#pragma once
// Linear and matmul kernel pairs. Shapes: x (N, F), weight (O, F), bias (O), y (N, O).
// Saved for backward: nothing beyond the inputs themselves.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void linear_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias);
// Adds into dx, dweight, dbias; any of them may be empty (not wanted).
void linear_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight);

// c (M, N) = a (M, K) · b (K, N).
void matmul_forward(TensorView c, ConstTensorView a, ConstTensorView b);
void matmul_backward(TensorView da, TensorView db, ConstTensorView dc, ConstTensorView a,
                     ConstTensorView b);

}  // namespace flujo::ops
