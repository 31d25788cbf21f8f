#include "core/ops/linear.hpp"

#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void linear_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias) {
  const int64_t n = x.shape.as_matrix()[0], f = weight.shape[1], o = weight.shape[0];
  if (bias) {
    for (int64_t r = 0; r < n; ++r)
      for (int64_t j = 0; j < o; ++j) y[r * o + j] = bias[j];
  }
  blas::gemm(false, true, n, o, f, 1.0f, x.data, f, weight.data, f, bias ? 1.0f : 0.0f, y.data, o);
}

void linear_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight) {
  const int64_t n = x.shape.as_matrix()[0], f = weight.shape[1], o = weight.shape[0];
  if (dx) blas::gemm(false, false, n, f, o, 1.0f, dy.data, o, weight.data, f, 1.0f, dx.data, f);
  if (dweight) blas::gemm(true, false, o, f, n, 1.0f, dy.data, o, x.data, f, 1.0f, dweight.data, f);
  if (dbias) {
    for (int64_t r = 0; r < n; ++r)
      for (int64_t j = 0; j < o; ++j) dbias[j] += dy[r * o + j];
  }
}

void matmul_forward(TensorView c, ConstTensorView a, ConstTensorView b) {
  const int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1];
  blas::gemm(false, false, m, n, k, 1.0f, a.data, k, b.data, n, 0.0f, c.data, n);
}

void matmul_backward(TensorView da, TensorView db, ConstTensorView dc, ConstTensorView a,
                     ConstTensorView b) {
  const int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1];
  if (da) blas::gemm(false, true, m, k, n, 1.0f, dc.data, n, b.data, n, 1.0f, da.data, k);
  if (db) blas::gemm(true, false, k, n, m, 1.0f, a.data, k, dc.data, n, 1.0f, db.data, n);
}

}  // namespace ops

Var linear(Var x, Var weight, Var bias) {
  const Shape& xs = x.shape();
  // Checks build their message only on failure: linear runs inside every training step.
  if (weight.shape().rank() != 2)
    throw Error("linear: weight must be (O, F), got " + weight.shape().str());
  const int64_t o = weight.shape()[0], f = weight.shape()[1];
  if (xs.rank() < 1 || xs[xs.rank() - 1] != f)
    throw Error("linear: input " + xs.str() + " does not end in " + std::to_string(f) + " features");
  if (bias && !(bias.shape() == Shape{o}))
    throw Error("linear: bias must be (" + std::to_string(o) + ")");
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad() || weight.requires_grad() || (bias && bias.requires_grad());
  Var y = tape.make(xs.with_dim(-1, o), needs_grad);
  ops::linear_forward(y.value(), x.value(), weight.value(), bias ? bias.value() : ConstTensorView{});
  if (needs_grad) {
    tape.record([=] {
      ops::linear_backward(x.grad(), weight.grad(), bias ? bias.grad() : TensorView{}, y.grad(),
                           x.value(), weight.value());
    });
  }
  return y;
}

Var matmul(Var a, Var b) {
  if (a.shape().rank() != 2 || b.shape().rank() != 2 || a.shape()[1] != b.shape()[0])
    throw Error("matmul: shapes " + a.shape().str() + " and " + b.shape().str() + " do not chain");
  Tape& tape = *a.tape;
  const bool needs_grad = a.requires_grad() || b.requires_grad();
  Var c = tape.make(Shape{a.shape()[0], b.shape()[1]}, needs_grad);
  ops::matmul_forward(c.value(), a.value(), b.value());
  if (needs_grad) {
    tape.record([=] { ops::matmul_backward(a.grad(), b.grad(), c.grad(), a.value(), b.value()); });
  }
  return c;
}

}  // namespace flujo
