#pragma once
// 2-D convolution and transposed convolution kernel pairs, NCHW, through im2col and the BLAS
// (the plain direct loops are in ops/reference/conv2d_reference.hpp, for the test that compares
// them). Shapes: B batch, C input channels, K output channels, H × W input, R × S kernel,
// P × Q output; a stride and a padding per axis (one for both in conv2d; conv1d is a conv2d of
// height 1 whose rows are not padded).
//   conv2d:           x (B, C, H, W), weight (K, C, R, S), bias (K) → y (B, K, P, Q),
//                     P = ⌊(H + 2·padding − R) / stride⌋ + 1 (nn.Conv2d);
//   conv_transpose2d: x (B, C, H, W), weight (C, K, R, S), bias (K) → y (B, K, P, Q),
//                     P = (H − 1)·stride − 2·padding + R + output_padding (nn.ConvTranspose2d),
//                     output_padding < stride: the rows that the conv of y would not reach.
// The transposed convolution is the convolution's backward-data map, so both are written with
// one geometry: `ConvGeometry` is always the convolution's (its input is conv2d's x and
// conv_transpose2d's y). Saved for backward: nothing but x (the columns are rebuilt from it in
// `columns`, scratch of columns_size() floats the caller keeps for the op's life). Backward adds
// into dx, dweight and dbias; empty views are skipped. bias may be empty.
#include <cstdint>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

struct ConvGeometry {
  int64_t batch = 0, channels = 0, height = 0, width = 0;  // the convolution's input (B, C, H, W)
  int64_t out_channels = 0, kernel_h = 0, kernel_w = 0;    // weight (K, C, R, S)
  int64_t stride_h = 1, stride_w = 1, padding_h = 0, padding_w = 0;
  int64_t out_h = 0, out_w = 0;                            // its output (B, K, P, Q)
  int64_t patch() const { return channels * kernel_h * kernel_w; }  // C·R·S
  int64_t positions() const { return out_h * out_w; }               // P·Q
  int64_t columns_size() const { return patch() * positions(); }
};

// One image (C, H, W) → its columns (C·R·S, P·Q); padding reads as zero.
void im2col(const float* image, const ConvGeometry& g, float* columns);
// image (C, H, W) += the columns folded back (the transpose of im2col).
void col2im_add(const float* columns, const ConvGeometry& g, float* image);

void conv2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias,
                    const ConvGeometry& g, float* columns);
// dweight += dy_b · columns(x_b)^T,  dx_b += col2im(weight^T · dy_b),  dbias += Σ dy.
void conv2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight, const ConvGeometry& g,
                     float* columns);

// In the geometry's letters x is the convolution's output (B, K, P, Q), y its input (B, C, H, W)
// and weight (K, C, R, S), which is nn.ConvTranspose2d's (in_channels, out_channels, R, S):
// y_b = col2im(weight^T · x_b) + bias.
void conv_transpose2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight,
                              ConstTensorView bias, const ConvGeometry& g, float* columns);
// dx_b += weight · columns(dy_b),  dweight += x_b · columns(dy_b)^T,  dbias += Σ dy.
void conv_transpose2d_backward(TensorView dx, TensorView dweight, TensorView dbias,
                               ConstTensorView dy, ConstTensorView x, ConstTensorView weight,
                               const ConvGeometry& g, float* columns);

}  // namespace flujo::ops
