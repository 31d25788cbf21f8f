#include "core/ops/layer_norm.hpp"

#include <cmath>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void layer_norm_forward(TensorView y, TensorView mean, TensorView rstd, ConstTensorView x,
                        ConstTensorView weight, ConstTensorView bias, float eps) {
  const Shape m = x.shape.as_matrix();
  const int64_t rows = m[0], e = m[1];
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x.data + r * e;
    double total = 0.0;
    for (int64_t j = 0; j < e; ++j) total += in[j];
    const double row_mean = total / static_cast<double>(e);
    // Two passes: the variance of centred values does not cancel catastrophically.
    double squares = 0.0;
    for (int64_t j = 0; j < e; ++j) {
      const double centred = in[j] - row_mean;
      squares += centred * centred;
    }
    const double row_rstd = 1.0 / std::sqrt(squares / static_cast<double>(e) + eps);
    mean[r] = static_cast<float>(row_mean);
    rstd[r] = static_cast<float>(row_rstd);
    float* out = y.data + r * e;
    for (int64_t j = 0; j < e; ++j) {
      const float normalised = static_cast<float>((in[j] - row_mean) * row_rstd);
      out[j] = (weight ? normalised * weight[j] : normalised) + (bias ? bias[j] : 0.0f);
    }
  }
}

void layer_norm_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                         ConstTensorView x, ConstTensorView weight, ConstTensorView mean,
                         ConstTensorView rstd) {
  const Shape m = x.shape.as_matrix();
  const int64_t rows = m[0], e = m[1];
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x.data + r * e;
    const float* grad = dy.data + r * e;
    const float row_mean = mean[r], row_rstd = rstd[r];
    double grad_total = 0.0, grad_dot_normalised = 0.0;
    for (int64_t j = 0; j < e; ++j) {
      const float normalised = (in[j] - row_mean) * row_rstd;
      const float g = weight ? grad[j] * weight[j] : grad[j];
      grad_total += g;
      grad_dot_normalised += static_cast<double>(g) * normalised;
      if (dweight) dweight[j] += grad[j] * normalised;
      if (dbias) dbias[j] += grad[j];
    }
    if (!dx) continue;
    const float grad_mean = static_cast<float>(grad_total / static_cast<double>(e));
    const float projection = static_cast<float>(grad_dot_normalised / static_cast<double>(e));
    float* out = dx.data + r * e;
    for (int64_t j = 0; j < e; ++j) {
      const float normalised = (in[j] - row_mean) * row_rstd;
      const float g = weight ? grad[j] * weight[j] : grad[j];
      out[j] += row_rstd * (g - grad_mean - normalised * projection);
    }
  }
}

}  // namespace ops

Var layer_norm(Var x, Var weight, Var bias, float eps) {
  const Shape& xs = x.shape();
  if (xs.rank() < 1 || xs[xs.rank() - 1] == 0)
    throw Error("layer_norm: needs a non-empty last axis, got " + xs.str());
  const int64_t e = xs[xs.rank() - 1];
  if (weight && !(weight.shape() == Shape{e}))
    throw Error("layer_norm: weight must be (" + std::to_string(e) + "), got " +
                weight.shape().str());
  if (bias && !(bias.shape() == Shape{e}))
    throw Error("layer_norm: bias must be (" + std::to_string(e) + "), got " + bias.shape().str());
  if (!(eps > 0.0f)) throw Error("layer_norm: eps must be positive");
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad() || (weight && weight.requires_grad()) ||
                          (bias && bias.requires_grad());
  Var y = tape.make(xs, needs_grad);
  const int64_t rows = xs.as_matrix()[0];
  TensorView mean = tape.scratch(Shape{rows}), rstd = tape.scratch(Shape{rows});
  ops::layer_norm_forward(y.value(), mean, rstd, x.value(),
                          weight ? weight.value() : ConstTensorView{},
                          bias ? bias.value() : ConstTensorView{}, eps);
  if (needs_grad) {
    tape.record([=] {
      ops::layer_norm_backward(x.grad(), weight ? weight.grad() : TensorView{},
                               bias ? bias.grad() : TensorView{}, y.grad(), x.value(),
                               weight ? weight.value() : ConstTensorView{}, mean, rstd);
    });
  }
  return y;
}

}  // namespace flujo
