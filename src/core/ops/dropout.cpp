#include "core/ops/dropout.hpp"

#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void dropout_forward(TensorView y, TensorView mask, ConstTensorView x, float p, Rng& rng) {
  const float scale = 1.0f / (1.0f - p);
  for (int64_t i = 0; i < x.numel(); ++i) {
    mask[i] = rng.uniform() < p ? 0.0f : scale;
    y[i] = x[i] * mask[i];
  }
}

void dropout_backward(TensorView dx, ConstTensorView dy, ConstTensorView mask) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx[i] += dy[i] * mask[i];
}

}  // namespace ops

Var dropout(Var x, float p, Rng& rng) {
  if (!(p >= 0.0f && p < 1.0f))
    throw Error("dropout: the probability must be in [0, 1), got " + std::to_string(p));
  Tape& tape = *x.tape;
  // Evaluation, or nothing to drop: the identity, as x itself (no node, no copy).
  if (!tape.training() || p == 0.0f) return x;
  const bool needs_grad = x.requires_grad();
  Var y = tape.make(x.shape(), needs_grad);
  TensorView mask = tape.scratch(x.shape());
  ops::dropout_forward(y.value(), mask, x.value(), p, rng);
  if (needs_grad) tape.record([=] { ops::dropout_backward(x.grad(), y.grad(), mask); });
  return y;
}

}  // namespace flujo
