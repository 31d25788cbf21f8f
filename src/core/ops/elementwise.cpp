#include "core/ops/elementwise.hpp"

#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

// Both layouts are rows of b.numel() elements: b of a's shape is one row, b of (F) repeats.
void add_forward(TensorView y, ConstTensorView a, ConstTensorView b) {
  const int64_t f = b.numel(), rows = f == 0 ? 0 : a.numel() / f;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < f; ++j) y[r * f + j] = a[r * f + j] + b[j];
}

void add_backward(TensorView da, TensorView db, ConstTensorView dy) {
  if (da)
    for (int64_t i = 0; i < dy.numel(); ++i) da[i] += dy[i];
  if (db) {
    const int64_t f = db.numel(), rows = f == 0 ? 0 : dy.numel() / f;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < f; ++j) db[j] += dy[r * f + j];
  }
}

void mul_forward(TensorView y, ConstTensorView a, ConstTensorView b) {
  const int64_t f = b.numel(), rows = f == 0 ? 0 : a.numel() / f;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < f; ++j) y[r * f + j] = a[r * f + j] * b[j];
}

void mul_backward(TensorView da, TensorView db, ConstTensorView dy, ConstTensorView a,
                  ConstTensorView b) {
  const int64_t f = b.numel(), rows = f == 0 ? 0 : a.numel() / f;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < f; ++j) {
      if (da) da[r * f + j] += dy[r * f + j] * b[j];
      if (db) db[j] += dy[r * f + j] * a[r * f + j];
    }
  }
}

void scale_forward(TensorView y, ConstTensorView a, float factor) {
  for (int64_t i = 0; i < a.numel(); ++i) y[i] = a[i] * factor;
}

void scale_backward(TensorView da, ConstTensorView dy, float factor) {
  for (int64_t i = 0; i < dy.numel(); ++i) da[i] += dy[i] * factor;
}

}  // namespace ops

namespace {

// The message is built only on failure, so a well-formed call allocates nothing.
void check_broadcast(const char* op, const Shape& a, const Shape& b) {
  const bool same = a == b;
  const bool rows = b.rank() == 1 && a.rank() >= 1 && b[0] == a[a.rank() - 1];
  if (!same && !rows)
    throw Error(std::string(op) + ": operand " + b.str() + " neither matches " + a.str() +
                " nor its last axis");
}

}  // namespace

Var add(Var a, Var b) {
  check_broadcast("add", a.shape(), b.shape());
  Tape& tape = *a.tape;
  const bool needs_grad = a.requires_grad() || b.requires_grad();
  Var y = tape.make(a.shape(), needs_grad);
  ops::add_forward(y.value(), a.value(), b.value());
  if (needs_grad) tape.record([=] { ops::add_backward(a.grad(), b.grad(), y.grad()); });
  return y;
}

Var mul(Var a, Var b) {
  check_broadcast("mul", a.shape(), b.shape());
  Tape& tape = *a.tape;
  const bool needs_grad = a.requires_grad() || b.requires_grad();
  Var y = tape.make(a.shape(), needs_grad);
  ops::mul_forward(y.value(), a.value(), b.value());
  if (needs_grad) {
    tape.record([=] { ops::mul_backward(a.grad(), b.grad(), y.grad(), a.value(), b.value()); });
  }
  return y;
}

Var scale(Var a, float factor) {
  Tape& tape = *a.tape;
  const bool needs_grad = a.requires_grad();
  Var y = tape.make(a.shape(), needs_grad);
  ops::scale_forward(y.value(), a.value(), factor);
  if (needs_grad) tape.record([=] { ops::scale_backward(a.grad(), y.grad(), factor); });
  return y;
}

}  // namespace flujo
