#pragma once
// Layer normalisation kernel pair over the last axis (PyTorch's nn.LayerNorm(E)):
//   y = (x − mean) · rstd ⊙ weight + bias,  rstd = 1 / √(var + eps),  var the biased variance.
// Shapes: x and y (N, E), any leading axes merged into N; weight and bias (E), either may be
// empty (no affine part). Saved for backward: each row's mean and rstd, (N) each; backward
// rebuilds the normalised row from x. Row moments accumulate in double. Backward adds into dx,
// dweight and dbias; empty views are skipped.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void layer_norm_forward(TensorView y, TensorView mean, TensorView rstd, ConstTensorView x,
                        ConstTensorView weight, ConstTensorView bias, float eps);
// With x̂ the normalised row and g = dy ⊙ weight:
//   dx += rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)),  dweight += Σ_rows dy ⊙ x̂,  dbias += Σ_rows dy.
void layer_norm_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                         ConstTensorView x, ConstTensorView weight, ConstTensorView mean,
                         ConstTensorView rstd);

}  // namespace flujo::ops
