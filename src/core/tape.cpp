#include "flujo/core/tape.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "flujo/core/error.hpp"

namespace flujo {

Var Tape::push(TensorView value, TensorView grad) {
  nodes_.push_back({value, grad});
  return {this, static_cast<int32_t>(nodes_.size() - 1), generation_};
}

float* Tape::allocate(int64_t count, bool zero) {
  count = std::max<int64_t>(count, 1);
  if (next_slab_ == slabs_.size()) slabs_.push_back({});
  Slab& slab = slabs_[next_slab_++];
  if (slab.capacity < count) {
    slab.data.reset(new float[count]);
    slab.capacity = count;
  }
  if (zero) std::fill(slab.data.get(), slab.data.get() + count, 0.0f);
  return slab.data.get();
}

Var Tape::constant(ConstTensorView value) {
  // The tape never writes a constant's value; the cast only lets constants share Node.
  return push({const_cast<float*>(value.data), value.shape}, {});
}

Var Tape::input(TensorView value, TensorView grad) {
  if (grad && !(grad.shape == value.shape))
    throw Error("input gradient shape " + grad.shape.str() + " differs from value " + value.shape.str());
  return push(value, grad);
}

Var Tape::param(ParameterStore& store, ParamId id) {
  return push(store.value(id), grad_enabled_ ? store.grad(id) : TensorView{});
}

Var Tape::make(Shape shape, bool requires_grad) {
  TensorView value{allocate(shape.numel(), false), shape};
  if (sentinel_fill_) value.fill(std::numeric_limits<float>::quiet_NaN());
  TensorView grad;
  if (requires_grad) grad = {allocate(shape.numel(), true), shape};
  return push(value, grad);
}

Var Tape::alias(Var x, Shape shape) {
  if (shape.numel() != x.shape().numel())
    throw Error("reshape from " + x.shape().str() + " to " + shape.str() + " changes the element count");
  const TensorView grad = x.grad();
  return push({x.value().data, shape}, grad ? TensorView{grad.data, shape} : TensorView{});
}

TensorView Tape::scratch(Shape shape) {
  TensorView view{allocate(shape.numel(), false), shape};
  if (sentinel_fill_) view.fill(std::numeric_limits<float>::quiet_NaN());
  return view;
}

void Tape::record(Backward backward) { closures_.push_back(std::move(backward)); }

void Tape::backward(Var loss) {
  if (loss.shape().numel() != 1)
    throw Error("backward(loss) needs a scalar, got shape " + loss.shape().str());
  const float one = 1.0f;
  backward(loss, ConstTensorView(&one, loss.shape()));
}

void Tape::backward(Var output, ConstTensorView seed) {
  assert(output.tape == this);
  if (seed.shape.numel() != output.shape().numel()) throw Error("backward seed shape mismatch");
  TensorView grad = output.grad();
  if (!grad) throw Error("backward from a value that does not depend on any parameter");
  for (int64_t i = 0; i < grad.numel(); ++i) grad[i] += seed[i];
  for (auto it = closures_.rbegin(); it != closures_.rend(); ++it) (*it)();
}

void Tape::reset() {
  nodes_.clear();
  closures_.clear();
  next_slab_ = 0;
  ++generation_;
}

}  // namespace flujo
