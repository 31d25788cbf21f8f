#pragma once
// Reference convolutions: the contract of core/ops/conv2d.hpp (same geometry, same arguments but
// the columns scratch), written as the direct sums of PyTorch's documentation, one output or one
// input element at a time, no BLAS. Slow; for the test that compares the fast kernels with them.
#include "core/ops/conv2d.hpp"

namespace flujo::ops::reference {

void conv2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias,
                    const ConvGeometry& g);
void conv2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight, const ConvGeometry& g);
void conv_transpose2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight,
                              ConstTensorView bias, const ConvGeometry& g);
void conv_transpose2d_backward(TensorView dx, TensorView dweight, TensorView dbias,
                               ConstTensorView dy, ConstTensorView x, ConstTensorView weight,
                               const ConvGeometry& g);

}  // namespace flujo::ops::reference
