#include "core/ops/batch_norm.hpp"

#include <cmath>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {
namespace {

// Calls visit(i) for the flat index of every element of channel c: its B planes of H·W.
template <typename Visit>
void each_in_channel(const Shape& x, int64_t c, Visit&& visit) {
  const int64_t plane = x[2] * x[3];
  for (int64_t b = 0; b < x[0]; ++b)
    for (int64_t i = (b * x[1] + c) * plane; i < (b * x[1] + c + 1) * plane; ++i) visit(i);
}

}  // namespace

void batch_norm2d_forward(TensorView y, TensorView mean, TensorView rstd, ConstTensorView x,
                          ConstTensorView weight, ConstTensorView bias, TensorView running_mean,
                          TensorView running_var, bool training, float momentum, float eps) {
  const double n = static_cast<double>(x.shape[0] * x.shape[2] * x.shape[3]);
  for (int64_t c = 0; c < x.shape[1]; ++c) {
    double channel_mean = running_mean[c], channel_var = running_var[c];
    if (training) {
      double total = 0.0;
      each_in_channel(x.shape, c, [&](int64_t i) { total += x[i]; });
      channel_mean = total / n;
      // Two passes: the variance of centred values does not cancel catastrophically.
      double squares = 0.0;
      each_in_channel(x.shape, c, [&](int64_t i) {
        const double centred = x[i] - channel_mean;
        squares += centred * centred;
      });
      channel_var = squares / n;
      const double keep = 1.0 - momentum, unbiased = channel_var * n / (n - 1.0);
      running_mean[c] = static_cast<float>(keep * running_mean[c] + momentum * channel_mean);
      running_var[c] = static_cast<float>(keep * running_var[c] + momentum * unbiased);
    }
    const double channel_rstd = 1.0 / std::sqrt(channel_var + eps);
    mean[c] = static_cast<float>(channel_mean);
    rstd[c] = static_cast<float>(channel_rstd);
    const float scale = weight ? weight[c] : 1.0f, shift = bias ? bias[c] : 0.0f;
    each_in_channel(x.shape, c, [&](int64_t i) {
      y[i] = static_cast<float>((x[i] - channel_mean) * channel_rstd) * scale + shift;
    });
  }
}

void batch_norm2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                           ConstTensorView x, ConstTensorView weight, ConstTensorView mean,
                           ConstTensorView rstd, bool training) {
  const double n = static_cast<double>(x.shape[0] * x.shape[2] * x.shape[3]);
  for (int64_t c = 0; c < x.shape[1]; ++c) {
    const float channel_mean = mean[c], channel_rstd = rstd[c];
    const float scale = weight ? weight[c] : 1.0f;
    // Σ dy and Σ dy ⊙ x̂; weight is one number per channel, so Σ g = scale · Σ dy and so on.
    double grad_total = 0.0, grad_dot_normalised = 0.0;
    each_in_channel(x.shape, c, [&](int64_t i) {
      grad_total += dy[i];
      const float normalised = (x[i] - channel_mean) * channel_rstd;
      grad_dot_normalised += static_cast<double>(dy[i]) * normalised;
    });
    if (dweight) dweight[c] += static_cast<float>(grad_dot_normalised);
    if (dbias) dbias[c] += static_cast<float>(grad_total);
    if (!dx) continue;
    const float step = scale * channel_rstd;
    if (!training) {
      each_in_channel(x.shape, c, [&](int64_t i) { dx[i] += step * dy[i]; });
      continue;
    }
    const float grad_mean = static_cast<float>(grad_total / n);
    const float projection = static_cast<float>(grad_dot_normalised / n);
    each_in_channel(x.shape, c, [&](int64_t i) {
      const float normalised = (x[i] - channel_mean) * channel_rstd;
      dx[i] += step * (dy[i] - grad_mean - normalised * projection);
    });
  }
}

}  // namespace ops

Var batch_norm2d(Var x, Var weight, Var bias, TensorView running_mean, TensorView running_var,
                 bool training, float momentum, float eps) {
  const Shape xs = x.shape();
  if (xs.rank() != 4)
    throw Error("batch_norm2d: input must be (B, C, H, W), got " + xs.str());
  const Shape channels{xs[1]};
  auto require_channels = [&](const char* name, const Shape& shape) {
    if (!(shape == channels))
      throw Error(std::string("batch_norm2d: ") + name + " must be " + channels.str() + ", got " +
                  shape.str());
  };
  if (weight) require_channels("weight", weight.shape());
  if (bias) require_channels("bias", bias.shape());
  require_channels("running_mean", running_mean.shape);
  require_channels("running_var", running_var.shape);
  if (training && xs[0] * xs[2] * xs[3] < 2)
    throw Error("batch_norm2d: training needs more than one value per channel, got input " +
                xs.str());
  if (!(momentum >= 0.0f && momentum <= 1.0f) || !(eps > 0.0f))
    throw Error("batch_norm2d: momentum must be 0 to 1 and eps positive");
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad() || (weight && weight.requires_grad()) ||
                          (bias && bias.requires_grad());
  Var y = tape.make(xs, needs_grad);
  float* const mean = tape.scratch(channels).data;
  float* const rstd = tape.scratch(channels).data;
  ops::batch_norm2d_forward(y.value(), TensorView{mean, channels}, TensorView{rstd, channels},
                            x.value(), weight ? weight.value() : ConstTensorView{},
                            bias ? bias.value() : ConstTensorView{}, running_mean, running_var,
                            training, momentum, eps);
  if (needs_grad) {
    tape.record([=] {
      const Shape per_channel{x.shape()[1]};
      ops::batch_norm2d_backward(x.grad(), weight ? weight.grad() : TensorView{},
                                 bias ? bias.grad() : TensorView{}, y.grad(), x.value(),
                                 weight ? weight.value() : ConstTensorView{},
                                 ConstTensorView(mean, per_channel),
                                 ConstTensorView(rstd, per_channel), training);
    });
  }
  return y;
}

}  // namespace flujo
