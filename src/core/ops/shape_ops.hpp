#pragma once
// Concat and slice kernel pairs along any axis (0 ≤ axis < rank here; the Var-level ops also take
// −1 for the last). Tensors are contiguous, so a block along `axis` is `outer` runs of
// length·inner floats, outer and inner being the products of the axes before and after it.
// Saved for backward: nothing; backward adds into the input gradients.
#include <span>

#include "flujo/core/tensor.hpp"

namespace flujo::ops {

// The most parts one concat takes: its backward closure stores their ids inline.
inline constexpr int kMaxConcatParts = 16;

// y (.., Σ S_p, ..) = parts p (.., S_p, ..) joined along `axis`; every other axis is equal.
void concat_forward(TensorView y, std::span<const ConstTensorView> parts, int axis);
// Adds dy's block p into dparts[p]. A part whose gradient is not wanted is passed with null data
// but its shape, so the offsets of the blocks after it still add up.
void concat_backward(std::span<const TensorView> dparts, ConstTensorView dy, int axis);

// y (.., L, ..) = x (.., [start, start + L), ..) along `axis`.
void slice_forward(TensorView y, ConstTensorView x, int axis, int64_t start);
void slice_backward(TensorView dx, ConstTensorView dy, int axis, int64_t start);

}  // namespace flujo::ops
