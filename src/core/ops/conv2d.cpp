#include "core/ops/conv2d.hpp"

#include <algorithm>
#include <string>

#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void im2col(const float* image, const ConvGeometry& g, float* columns) {
  for (int64_t c = 0; c < g.channels; ++c)
    for (int64_t r = 0; r < g.kernel_h; ++r)
      for (int64_t s = 0; s < g.kernel_w; ++s) {
        float* row = columns + ((c * g.kernel_h + r) * g.kernel_w + s) * g.positions();
        for (int64_t p = 0; p < g.out_h; ++p) {
          const int64_t ih = p * g.stride_h - g.padding_h + r;
          for (int64_t q = 0; q < g.out_w; ++q) {
            const int64_t iw = q * g.stride_w - g.padding_w + s;
            const bool inside = ih >= 0 && ih < g.height && iw >= 0 && iw < g.width;
            row[p * g.out_w + q] = inside ? image[(c * g.height + ih) * g.width + iw] : 0.0f;
          }
        }
      }
}

void col2im_add(const float* columns, const ConvGeometry& g, float* image) {
  for (int64_t c = 0; c < g.channels; ++c)
    for (int64_t r = 0; r < g.kernel_h; ++r)
      for (int64_t s = 0; s < g.kernel_w; ++s) {
        const float* row = columns + ((c * g.kernel_h + r) * g.kernel_w + s) * g.positions();
        for (int64_t p = 0; p < g.out_h; ++p) {
          const int64_t ih = p * g.stride_h - g.padding_h + r;
          if (ih < 0 || ih >= g.height) continue;
          for (int64_t q = 0; q < g.out_w; ++q) {
            const int64_t iw = q * g.stride_w - g.padding_w + s;
            if (iw >= 0 && iw < g.width) image[(c * g.height + ih) * g.width + iw] += row[p * g.out_w + q];
          }
        }
      }
}

namespace {

int64_t input_size(const ConvGeometry& g) { return g.channels * g.height * g.width; }
int64_t output_size(const ConvGeometry& g) { return g.out_channels * g.positions(); }

// out (B, K, P·Q) += bias over every position; sums (K) += Σ over batch and positions of out.
void add_bias(float* out, ConstTensorView bias, const ConvGeometry& g, int64_t channels,
              int64_t positions) {
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t k = 0; k < channels; ++k) {
      float* plane = out + (b * channels + k) * positions;
      for (int64_t i = 0; i < positions; ++i) plane[i] += bias[k];
    }
}
void add_bias_gradient(TensorView dbias, const float* dy, int64_t batch, int64_t channels,
                       int64_t positions) {
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t k = 0; k < channels; ++k) {
      const float* plane = dy + (b * channels + k) * positions;
      float total = 0.0f;
      for (int64_t i = 0; i < positions; ++i) total += plane[i];
      dbias[k] += total;
    }
}

}  // namespace

void conv2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias,
                    const ConvGeometry& g, float* columns) {
  const int64_t crs = g.patch(), pq = g.positions(), k = g.out_channels;
  for (int64_t b = 0; b < g.batch; ++b) {
    im2col(x.data + b * input_size(g), g, columns);
    blas::gemm(false, false, k, pq, crs, 1.0f, weight.data, crs, columns, pq, 0.0f,
               y.data + b * output_size(g), pq);
  }
  if (bias) add_bias(y.data, bias, g, k, pq);
}

void conv2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight, const ConvGeometry& g,
                     float* columns) {
  const int64_t crs = g.patch(), pq = g.positions(), k = g.out_channels;
  for (int64_t b = 0; b < g.batch; ++b) {
    const float* dy_b = dy.data + b * output_size(g);
    if (dweight) {
      im2col(x.data + b * input_size(g), g, columns);
      blas::gemm(false, true, k, crs, pq, 1.0f, dy_b, pq, columns, pq, 1.0f, dweight.data, crs);
    }
    if (dx) {
      blas::gemm(true, false, crs, pq, k, 1.0f, weight.data, crs, dy_b, pq, 0.0f, columns, pq);
      col2im_add(columns, g, dx.data + b * input_size(g));
    }
  }
  if (dbias) add_bias_gradient(dbias, dy.data, g.batch, k, pq);
}

void conv_transpose2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight,
                              ConstTensorView bias, const ConvGeometry& g, float* columns) {
  const int64_t crs = g.patch(), hw = g.positions(), k = g.out_channels;
  std::fill(y.data, y.data + g.batch * input_size(g), 0.0f);
  for (int64_t b = 0; b < g.batch; ++b) {
    blas::gemm(true, false, crs, hw, k, 1.0f, weight.data, crs, x.data + b * output_size(g), hw,
               0.0f, columns, hw);
    col2im_add(columns, g, y.data + b * input_size(g));
  }
  if (bias) add_bias(y.data, bias, g, g.channels, g.height * g.width);
}

void conv_transpose2d_backward(TensorView dx, TensorView dweight, TensorView dbias,
                               ConstTensorView dy, ConstTensorView x, ConstTensorView weight,
                               const ConvGeometry& g, float* columns) {
  const int64_t crs = g.patch(), hw = g.positions(), k = g.out_channels;
  for (int64_t b = 0; b < g.batch; ++b) {
    if (!dx && !dweight) break;
    im2col(dy.data + b * input_size(g), g, columns);
    if (dx)
      blas::gemm(false, false, k, hw, crs, 1.0f, weight.data, crs, columns, hw, 1.0f,
                 dx.data + b * output_size(g), hw);
    if (dweight)
      blas::gemm(false, true, k, crs, hw, 1.0f, x.data + b * output_size(g), hw, columns, hw, 1.0f,
                 dweight.data, crs);
  }
  if (dbias) add_bias_gradient(dbias, dy.data, g.batch, g.channels, g.height * g.width);
}

}  // namespace ops

namespace {

void require_images(const char* op, const Var& x, const Var& weight, const Var& bias,
                    int64_t bias_channels, const Conv2dOptions& options) {
  if (x.shape().rank() != 4)
    throw Error(std::string(op) + ": input must be (B, C, H, W), got " + x.shape().str());
  if (weight.shape().rank() != 4)
    throw Error(std::string(op) + ": weight must be 4-D, got " + weight.shape().str());
  if (bias && !(bias.shape() == Shape{bias_channels}))
    throw Error(std::string(op) + ": bias must be (" + std::to_string(bias_channels) + "), got " +
                bias.shape().str());
  if (options.stride < 1 || options.padding < 0)
    throw Error(std::string(op) + ": stride must be at least 1 and padding not negative");
}

// A convolution's strides and paddings per axis: conv2d's are one for both, conv1d's rows (a
// height of 1) are neither strided nor padded.
struct ConvAxes {
  int64_t stride_h = 1, stride_w = 1, padding_h = 0, padding_w = 0;
};

// Backward closures capture the axes, not the geometry: it is rebuilt from the shapes.
ops::ConvGeometry conv_geometry(const Shape& x, const Shape& weight, const ConvAxes& a) {
  ops::ConvGeometry g{.batch = x[0], .channels = x[1], .height = x[2], .width = x[3],
                      .out_channels = weight[0], .kernel_h = weight[2], .kernel_w = weight[3],
                      .stride_h = a.stride_h, .stride_w = a.stride_w, .padding_h = a.padding_h,
                      .padding_w = a.padding_w};
  g.out_h = (g.height + 2 * g.padding_h - g.kernel_h) / g.stride_h + 1;
  g.out_w = (g.width + 2 * g.padding_w - g.kernel_w) / g.stride_w + 1;
  return g;
}

// The convolution on the tape, its shapes checked by the caller.
Var convolve(Var x, Var weight, Var bias, ConvAxes axes) {
  const ops::ConvGeometry g = conv_geometry(x.shape(), weight.shape(), axes);
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad() || weight.requires_grad() || (bias && bias.requires_grad());
  Var y = tape.make(Shape{g.batch, g.out_channels, g.out_h, g.out_w}, needs_grad);
  float* const columns = tape.scratch(Shape{g.columns_size()}).data;
  ops::conv2d_forward(y.value(), x.value(), weight.value(), bias ? bias.value() : ConstTensorView{},
                      g, columns);
  if (needs_grad) {
    tape.record([=] {
      ops::conv2d_backward(x.grad(), weight.grad(), bias ? bias.grad() : TensorView{}, y.grad(),
                           x.value(), weight.value(), conv_geometry(x.shape(), weight.shape(), axes),
                           columns);
    });
  }
  return y;
}

// The convolution from the transposed convolution's output y (B, K, P, Q) back to its input x.
ops::ConvGeometry transpose_geometry(const Shape& x, const Shape& weight, const Conv2dOptions& o) {
  ops::ConvGeometry g{.batch = x[0], .out_channels = weight[0], .kernel_h = weight[2],
                      .kernel_w = weight[3], .stride_h = o.stride, .stride_w = o.stride,
                      .padding_h = o.padding, .padding_w = o.padding, .out_h = x[2], .out_w = x[3]};
  g.channels = weight[1];
  g.height = (x[2] - 1) * o.stride - 2 * o.padding + weight[2] + o.output_padding;
  g.width = (x[3] - 1) * o.stride - 2 * o.padding + weight[3] + o.output_padding;
  return g;
}

}  // namespace

Var conv2d(Var x, Var weight, Var bias, Conv2dOptions options) {
  require_images("conv2d", x, weight, bias, weight.shape().rank() == 4 ? weight.shape()[0] : 0, options);
  const Shape xs = x.shape(), ws = weight.shape();
  if (ws[1] != xs[1])
    throw Error("conv2d: weight " + ws.str() + " expects " + std::to_string(ws[1]) +
                " input channels, the input " + xs.str() + " has " + std::to_string(xs[1]));
  if (options.output_padding != 0) throw Error("conv2d: output_padding is for conv_transpose2d");
  if (xs[2] + 2 * options.padding < ws[2] || xs[3] + 2 * options.padding < ws[3])
    throw Error("conv2d: the kernel " + std::to_string(ws[2]) + "×" + std::to_string(ws[3]) +
                " is larger than the padded input " + xs.str());
  return convolve(x, weight, bias,
                  {.stride_h = options.stride, .stride_w = options.stride, .padding_h = options.padding,
                   .padding_w = options.padding});
}

Var conv1d(Var x, Var weight, Var bias, Conv1dOptions options) {
  const Shape xs = x.shape(), ws = weight.shape();
  if (xs.rank() != 3) throw Error("conv1d: input must be (B, C, T), got " + xs.str());
  if (ws.rank() != 3) throw Error("conv1d: weight must be (K, C, k), got " + ws.str());
  if (bias && !(bias.shape() == Shape{ws[0]}))
    throw Error("conv1d: bias must be (" + std::to_string(ws[0]) + "), got " + bias.shape().str());
  if (options.stride < 1 || options.padding < 0)
    throw Error("conv1d: stride must be at least 1 and padding not negative");
  if (ws[1] != xs[1])
    throw Error("conv1d: weight " + ws.str() + " expects " + std::to_string(ws[1]) +
                " input channels, the input " + xs.str() + " has " + std::to_string(xs[1]));
  if (xs[2] + 2 * options.padding < ws[2])
    throw Error("conv1d: the kernel " + std::to_string(ws[2]) + " is longer than the padded input " + xs.str());
  // A row of T columns: reshape aliases the memory, values and gradients alike.
  const Var y = convolve(reshape(x, Shape{xs[0], xs[1], 1, xs[2]}), reshape(weight, Shape{ws[0], ws[1], 1, ws[2]}),
                         bias, {.stride_w = options.stride, .padding_w = options.padding});
  return reshape(y, Shape{xs[0], ws[0], y.shape()[3]});
}

Var conv_transpose2d(Var x, Var weight, Var bias, Conv2dOptions options) {
  require_images("conv_transpose2d", x, weight, bias,
                 weight.shape().rank() == 4 ? weight.shape()[1] : 0, options);
  const Shape xs = x.shape(), ws = weight.shape();
  if (ws[0] != xs[1])
    throw Error("conv_transpose2d: weight " + ws.str() + " expects " + std::to_string(ws[0]) +
                " input channels, the input " + xs.str() + " has " + std::to_string(xs[1]));
  if (options.output_padding < 0 || options.output_padding >= options.stride)
    throw Error("conv_transpose2d: output_padding must be 0 to stride − 1 (" +
                std::to_string(options.stride - 1) + "), got " +
                std::to_string(options.output_padding));
  const ops::ConvGeometry g = transpose_geometry(xs, ws, options);
  if (g.height < 1 || g.width < 1)
    throw Error("conv_transpose2d: the input " + xs.str() + " with padding " +
                std::to_string(options.padding) + " gives an empty output");
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad() || weight.requires_grad() || (bias && bias.requires_grad());
  Var y = tape.make(Shape{g.batch, g.channels, g.height, g.width}, needs_grad);
  float* const columns = tape.scratch(Shape{g.columns_size()}).data;
  ops::conv_transpose2d_forward(y.value(), x.value(), weight.value(),
                                bias ? bias.value() : ConstTensorView{}, g, columns);
  if (needs_grad) {
    tape.record([=] {
      ops::conv_transpose2d_backward(x.grad(), weight.grad(), bias ? bias.grad() : TensorView{},
                                     y.grad(), x.value(), weight.value(),
                                     transpose_geometry(x.shape(), weight.shape(), options),
                                     columns);
    });
  }
  return y;
}

}  // namespace flujo
