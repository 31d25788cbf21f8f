#include "core/ops/reduce.hpp"

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {
namespace {
double total(ConstTensorView x) {
  double sum = 0.0;
  for (int64_t i = 0; i < x.numel(); ++i) sum += x[i];
  return sum;
}
}  // namespace

void sum_forward(TensorView y, ConstTensorView x) { y[0] = static_cast<float>(total(x)); }

void sum_backward(TensorView dx, ConstTensorView dy) {
  for (int64_t i = 0; i < dx.numel(); ++i) dx[i] += dy[0];
}

void mean_forward(TensorView y, ConstTensorView x) {
  y[0] = static_cast<float>(total(x) / static_cast<double>(x.numel()));
}

void mean_backward(TensorView dx, ConstTensorView dy) {
  const float share = dy[0] / static_cast<float>(dx.numel());
  for (int64_t i = 0; i < dx.numel(); ++i) dx[i] += share;
}

}  // namespace ops

namespace {

Var reduce(Var x, void (*forward)(TensorView, ConstTensorView),
           void (*backward)(TensorView, ConstTensorView)) {
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad();
  Var y = tape.make(Shape{}, needs_grad);
  forward(y.value(), x.value());
  if (needs_grad) tape.record([=] { backward(x.grad(), y.grad()); });
  return y;
}

}  // namespace

Var sum(Var x) { return reduce(x, ops::sum_forward, ops::sum_backward); }

Var mean(Var x) {
  if (x.shape().numel() == 0) throw Error("mean: input " + x.shape().str() + " has no elements");
  return reduce(x, ops::mean_forward, ops::mean_backward);
}

}  // namespace flujo
