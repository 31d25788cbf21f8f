#pragma once
// Loss kernel pairs, each with PyTorch's definition and a scalar loss (shape (), one element).
// Totals accumulate in double. Backward adds into the input gradients; empty ones are skipped.
#include <cstdint>
#include <span>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

// loss = mean((prediction − target)²) over every element (F.mse_loss, reduction='mean').
// prediction and target share any non-empty shape. Saved for backward: nothing beyond the inputs.
void mse_loss_forward(TensorView loss, ConstTensorView prediction, ConstTensorView target);
void mse_loss_backward(TensorView dprediction, TensorView dtarget, ConstTensorView dloss,
                       ConstTensorView prediction, ConstTensorView target);

// loss = mean over rows r of −log softmax(logits (N, V))[r, targets[r]] (F.cross_entropy), with
// N ≥ 1, V ≥ 1 and every target in [0, V). Saved for backward: each row's log Σ exp(logits),
// written into row_log_sum_exp (N, 1) unless that view is empty; backward rebuilds the softmax
// from it.
void cross_entropy_forward(TensorView loss, TensorView row_log_sum_exp, ConstTensorView logits,
                           std::span<const int32_t> targets);
void cross_entropy_backward(TensorView dlogits, ConstTensorView dloss, ConstTensorView logits,
                            ConstTensorView row_log_sum_exp, std::span<const int32_t> targets);

}  // namespace flujo::ops
