#include "core/ops/activations.hpp"

#include <cmath>
#include <numbers>

#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void tanh_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = std::tanh(x[i]);
}

void tanh_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx[i] += dy[i] * (1.0f - y[i] * y[i]);
}

void sigmoid_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
}

void sigmoid_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx[i] += dy[i] * y[i] * (1.0f - y[i]);
}

void exp_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = std::exp(x[i]);
}

void exp_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx[i] += dy[i] * y[i];
}

void sqrt_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = std::sqrt(x[i]);
}

void sqrt_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  for (int64_t i = 0; i < dy.numel(); ++i) dx[i] += dy[i] * 0.5f / y[i];
}

void relu_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

// The derivative at exactly 0 is taken as 0, as in PyTorch.
void relu_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  for (int64_t i = 0; i < dy.numel(); ++i) {
    if (y[i] > 0.0f) dx[i] += dy[i];
  }
}

namespace {
constexpr float kInvSqrt2 = static_cast<float>(1.0 / std::numbers::sqrt2);
constexpr float kInvSqrt2Pi = static_cast<float>(std::numbers::inv_sqrtpi / std::numbers::sqrt2);

float normal_cdf(float x) { return 0.5f * (1.0f + std::erf(x * kInvSqrt2)); }
}  // namespace

void gelu_forward(TensorView y, ConstTensorView x) {
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = x[i] * normal_cdf(x[i]);
}

// d/dx x·Φ(x) = Φ(x) + x·φ(x), φ the standard normal density.
void gelu_backward(TensorView dx, ConstTensorView dy, ConstTensorView x) {
  for (int64_t i = 0; i < dy.numel(); ++i) {
    const float density = kInvSqrt2Pi * std::exp(-0.5f * x[i] * x[i]);
    dx[i] += dy[i] * (normal_cdf(x[i]) + x[i] * density);
  }
}

}  // namespace ops

namespace {

// One activation on the tape: y = forward(x); backward reads y (saves_output) or x.
template <bool saves_output>
Var activation(Var x, void (*forward)(TensorView, ConstTensorView),
               void (*backward)(TensorView, ConstTensorView, ConstTensorView)) {
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad();
  Var y = tape.make(x.shape(), needs_grad);
  forward(y.value(), x.value());
  if (needs_grad) {
    tape.record([=] { backward(x.grad(), y.grad(), saves_output ? y.value() : x.value()); });
  }
  return y;
}

}  // namespace

Var tanh(Var x) { return activation<true>(x, ops::tanh_forward, ops::tanh_backward); }
Var sigmoid(Var x) { return activation<true>(x, ops::sigmoid_forward, ops::sigmoid_backward); }
Var relu(Var x) { return activation<true>(x, ops::relu_forward, ops::relu_backward); }
Var gelu(Var x) { return activation<false>(x, ops::gelu_forward, ops::gelu_backward); }
Var exp(Var x) { return activation<true>(x, ops::exp_forward, ops::exp_backward); }
Var sqrt(Var x) { return activation<true>(x, ops::sqrt_forward, ops::sqrt_backward); }

}  // namespace flujo
