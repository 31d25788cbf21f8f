#pragma once
// Softmax and log-softmax kernel pairs over the last axis. Shapes: x and y (N, V), V ≥ 1, any
// leading axes merged into N. Both subtract the row maximum first, so large logits do not overflow.
// Saved for backward: the output y only (softmax's Jacobian is a function of y; log-softmax
// recovers the softmax as exp(y)). Backward adds into dx.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void softmax_forward(TensorView y, ConstTensorView x);
// dx += y ⊙ (dy − Σ_v dy·y), row by row.
void softmax_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

void log_softmax_forward(TensorView y, ConstTensorView x);
// dx += dy − exp(y)·Σ_v dy, row by row.
void log_softmax_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

// One row: out = softmax(in) over `count` values; out may be in (in place). Shared with attention.
void softmax_row(const float* in, float* out, int64_t count);

// log Σ_v exp(row[v]), computed stably; shared with cross_entropy.
float log_sum_exp(const float* row, int64_t count);

}  // namespace flujo::ops
