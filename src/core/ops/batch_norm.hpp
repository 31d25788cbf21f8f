#pragma once
// Batch normalisation kernel pair, per channel C of an NCHW input (PyTorch's nn.BatchNorm2d):
//   y = (x − mean) · rstd ⊙ weight + bias,  rstd = 1 / √(var + eps),
// each channel's moments taken over its N = B·H·W elements. Training: mean and var are the
// batch's (var biased), and the running statistics move towards them,
//   running_mean = (1 − momentum) · running_mean + momentum · mean,
//   running_var  = (1 − momentum) · running_var  + momentum · var · N / (N − 1)  (unbiased),
// so N must exceed 1. Evaluation: mean and var are the running statistics, left unchanged, and
// the op is an affine map per channel. Shapes: x and y (B, C, H, W); weight, bias, running_mean,
// running_var, mean and rstd (C); weight and bias may be empty (affine=False). Saved for backward:
// the channels' mean and rstd as used (the batch's, or the running ones'), (C) each; backward
// rebuilds x̂ from x. Moments accumulate in double. Backward adds into dx, dweight and dbias;
// empty views are skipped. The kernels are plain loops, one pass per moment over a channel's
// planes (no BLAS, no SIMD), so there is no reference twin.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

// mean and rstd: written, the statistics used. running_mean and running_var: read in
// evaluation, updated in training.
void batch_norm2d_forward(TensorView y, TensorView mean, TensorView rstd, ConstTensorView x,
                          ConstTensorView weight, ConstTensorView bias, TensorView running_mean,
                          TensorView running_var, bool training, float momentum, float eps);
// With x̂ the normalised input, g = dy ⊙ weight and means over each channel's N elements:
//   training:   dx += rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))  (the batch's moments depend on x);
//   evaluation: dx += rstd · g;
//   dweight += Σ dy ⊙ x̂,  dbias += Σ dy.
void batch_norm2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                           ConstTensorView x, ConstTensorView weight, ConstTensorView mean,
                           ConstTensorView rstd, bool training);

}  // namespace flujo::ops
