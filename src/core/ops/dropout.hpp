#pragma once
// Dropout kernel pair (F.dropout): in training each element is kept with probability 1 − p and
// scaled by 1 / (1 − p), else zeroed; x and y share any shape. Saved for backward: the mask, one
// float per element, 1 / (1 − p) or 0 (the kept elements' scale), so backward is one product.
// The mask comes from flujo's Rng, so a seed gives the same mask on every platform (not
// PyTorch's: its stream is another generator's).
#include "flujo/core/random.hpp"
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void dropout_forward(TensorView y, TensorView mask, ConstTensorView x, float p, Rng& rng);
// dx += dy ⊙ mask.
void dropout_backward(TensorView dx, ConstTensorView dy, ConstTensorView mask);

}  // namespace flujo::ops
