#include "core/ops/shape_ops.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {
namespace {

int64_t product(const Shape& shape, int from, int to) {
  int64_t n = 1;
  for (int i = from; i < to; ++i) n *= shape[i];
  return n;
}

// Moves `length` positions along `axis` from src (starting at src_start) to dst (at dst_start),
// copying or adding. src and dst agree on every axis but `axis`.
template <bool accumulate>
void move_block(float* dst, const Shape& dst_shape, int64_t dst_start, const float* src,
                const Shape& src_shape, int64_t src_start, int axis, int64_t length) {
  const int64_t outer = product(dst_shape, 0, axis);
  const int64_t inner = product(dst_shape, axis + 1, dst_shape.rank());
  const int64_t run = length * inner;
  for (int64_t o = 0; o < outer; ++o) {
    float* to = dst + (o * dst_shape[axis] + dst_start) * inner;
    const float* from = src + (o * src_shape[axis] + src_start) * inner;
    if constexpr (accumulate) {
      for (int64_t i = 0; i < run; ++i) to[i] += from[i];
    } else {
      std::copy(from, from + run, to);
    }
  }
}

}  // namespace

void concat_forward(TensorView y, std::span<const ConstTensorView> parts, int axis) {
  int64_t offset = 0;
  for (const ConstTensorView& part : parts) {
    const int64_t length = part.shape[axis];
    move_block<false>(y.data, y.shape, offset, part.data, part.shape, 0, axis, length);
    offset += length;
  }
}

void concat_backward(std::span<const TensorView> dparts, ConstTensorView dy, int axis) {
  int64_t offset = 0;
  for (const TensorView& dpart : dparts) {
    const int64_t length = dpart.shape[axis];
    if (dpart)
      move_block<true>(dpart.data, dpart.shape, 0, dy.data, dy.shape, offset, axis, length);
    offset += length;
  }
}

void slice_forward(TensorView y, ConstTensorView x, int axis, int64_t start) {
  move_block<false>(y.data, y.shape, 0, x.data, x.shape, start, axis, y.shape[axis]);
}

void slice_backward(TensorView dx, ConstTensorView dy, int axis, int64_t start) {
  move_block<true>(dx.data, dx.shape, start, dy.data, dy.shape, 0, axis, dy.shape[axis]);
}

}  // namespace ops

namespace {

// Maps axis −rank..rank−1 to 0..rank−1; the message is built only on failure.
int resolve_axis(const char* op, const Shape& shape, int axis) {
  const int rank = shape.rank();
  if (axis < -rank || axis >= rank)
    throw Error(std::string(op) + ": axis " + std::to_string(axis) + " is out of range for " +
                shape.str());
  return axis < 0 ? axis + rank : axis;
}

}  // namespace

Var concat(std::span<const Var> parts, int axis) {
  const int count = static_cast<int>(parts.size());
  if (count == 0) throw Error("concat: no parts given");
  if (count > ops::kMaxConcatParts)
    throw Error("concat: " + std::to_string(count) + " parts exceed the maximum of " +
                std::to_string(ops::kMaxConcatParts));
  const Shape first = parts[0].shape();
  axis = resolve_axis("concat", first, axis);
  Tape& tape = *parts[0].tape;
  std::array<ConstTensorView, ops::kMaxConcatParts> values;
  std::array<Var, ops::kMaxConcatParts> kept{};
  int64_t joined = 0;
  bool needs_grad = false;
  for (int p = 0; p < count; ++p) {
    const Shape shape = parts[p].shape();
    if (parts[p].tape != &tape || !(shape.with_dim(axis, first[axis]) == first))
      throw Error("concat: part " + shape.str() + " does not match " + first.str() +
                  " outside axis " + std::to_string(axis) + " (or lives on another tape)");
    values[p] = parts[p].value();
    kept[p] = parts[p];
    joined += shape[axis];
    needs_grad = needs_grad || parts[p].requires_grad();
  }
  Var y = tape.make(first.with_dim(axis, joined), needs_grad);
  ops::concat_forward(y.value(), {values.data(), static_cast<size_t>(count)}, axis);
  if (needs_grad) {
    tape.record([kept, count, axis, y] {
      std::array<TensorView, ops::kMaxConcatParts> dparts;
      for (int p = 0; p < count; ++p) dparts[p] = {kept[p].grad().data, kept[p].shape()};
      ops::concat_backward({dparts.data(), static_cast<size_t>(count)}, y.grad(), axis);
    });
  }
  return y;
}

Var slice(Var x, int axis, int64_t start, int64_t length) {
  const Shape& shape = x.shape();
  axis = resolve_axis("slice", shape, axis);
  if (start < 0 || length < 0 || start + length > shape[axis])
    throw Error("slice: [" + std::to_string(start) + ", " + std::to_string(start + length) +
                ") is outside axis " + std::to_string(axis) + " of " + shape.str());
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad();
  Var y = tape.make(shape.with_dim(axis, length), needs_grad);
  ops::slice_forward(y.value(), x.value(), axis, start);
  if (needs_grad) {
    tape.record([=] { ops::slice_backward(x.grad(), y.grad(), axis, start); });
  }
  return y;
}

}  // namespace flujo
