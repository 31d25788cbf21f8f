#pragma once
// Multi-head scaled dot-product attention, fused: scores, mask, softmax and the weighted sum of
// the values in one op, with a hand-written backward (the scores never become tape nodes).
// Shapes: q, k, v and y (B, T, E) with E = heads · D; head h reads and writes the columns
// [h·D, (h+1)·D) of each, as PyTorch's x.view(B, T, heads, D) does. Per batch row and head:
//   weights = softmax(q_h · k_hᵀ / √D) row by row, y_h = weights · v_h,
// causal: query i sees the keys j ≤ i only (the other weights are exactly 0).
// Saved for backward: the weights (B, heads, T, T), which are also the op's opt-in output.
// Backward needs one (T, T) block of scratch, taken at forward time. Row sums of the softmax
// accumulate in double; the products go through the BLAS. Backward adds into dq, dk, dv.
#include <cstdint>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

struct AttentionDims {
  int64_t batch = 0, steps = 0, width = 0, heads = 1;
  bool causal = true;
  int64_t head_width() const { return width / heads; }
};

void attention_forward(const AttentionDims& d, TensorView y, TensorView weights, ConstTensorView q,
                       ConstTensorView k, ConstTensorView v);
// With dW = dy_h · v_hᵀ and dS = W ⊙ (dW − rowsum(dW ⊙ W)):
//   dq_h += dS · k_h / √D,  dk_h += dSᵀ · q_h / √D,  dv_h += Wᵀ · dy_h.
// block is (T, T) scratch; any of dq, dk, dv may be empty.
void attention_backward(const AttentionDims& d, TensorView dq, TensorView dk, TensorView dv,
                        TensorView block, ConstTensorView dy, ConstTensorView q,
                        ConstTensorView k, ConstTensorView v, ConstTensorView weights);

}  // namespace flujo::ops
