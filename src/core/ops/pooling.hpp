#pragma once
// 2-D pooling and nearest upsampling kernel pairs, NCHW, without padding (PyTorch's F.max_pool2d,
// F.avg_pool2d and nn.Upsample(scale_factor=s, mode="nearest")). Shapes: B batch, C channels,
// H × W input, K × K window moved by the stride along both axes, P × Q output:
//   max_pool2d, avg_pool2d: x (B, C, H, W) → y (B, C, P, Q), P = ⌊(H − K) / stride⌋ + 1, the
//                           rows and columns past the last whole window unused (ceil_mode off);
//   upsample_nearest2d:     x (B, C, H, W) → y (B, C, H·s, W·s), y(i, j) = x(⌊i/s⌋, ⌊j/s⌋).
// Every plane (b, c) is its own image; the sizes come from the views' shapes. Saved for backward:
// max pooling's argmax, one per output element, the index h·W + w within its plane (PyTorch's
// `indices`) kept as an int32 bit for bit in a float-sized slot, since the tape's scratch is
// float (std::bit_cast, never a conversion). As in PyTorch's CPU kernel a window's maximum is
// its first in row-major order among equals, and a NaN wins. Average pooling and upsampling save
// nothing. Backward adds into dx; an empty dx is skipped. The kernels are plain loops over
// windows of a few elements (no BLAS, no SIMD), so there is no reference twin.
#include <cstdint>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

// argmax: y.numel() slots.
void max_pool2d_forward(TensorView y, float* argmax, ConstTensorView x, int64_t kernel,
                        int64_t stride);
// dx(b, c, argmax) += dy, for every output element.
void max_pool2d_backward(TensorView dx, ConstTensorView dy, const float* argmax);

// y = the window's sum / K² (no padding, so PyTorch's count_include_pad makes no difference).
void avg_pool2d_forward(TensorView y, ConstTensorView x, int64_t kernel, int64_t stride);
// dx(window) += dy / K², for every output element.
void avg_pool2d_backward(TensorView dx, ConstTensorView dy, int64_t kernel, int64_t stride);

void upsample_nearest2d_forward(TensorView y, ConstTensorView x, int64_t scale);
// dx(h, w) += Σ dy over its s × s block.
void upsample_nearest2d_backward(TensorView dx, ConstTensorView dy, int64_t scale);

}  // namespace flujo::ops
