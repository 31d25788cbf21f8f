#include "core/ops/pooling.hpp"

#include <bit>
#include <cmath>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {
namespace {

// The B·C planes of an (input, output) pair of NCHW shapes.
struct Planes {
  int64_t count, height, width, out_h, out_w;
  Planes(const Shape& in, const Shape& out)
      : count(in[0] * in[1]), height(in[2]), width(in[3]), out_h(out[2]), out_w(out[3]) {}
  int64_t in_size() const { return height * width; }
  int64_t out_size() const { return out_h * out_w; }
};

}  // namespace

void max_pool2d_forward(TensorView y, float* argmax, ConstTensorView x, int64_t kernel,
                        int64_t stride) {
  const Planes n(x.shape, y.shape);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    const float* in = x.data + plane * n.in_size();
    const int64_t out = plane * n.out_size();
    for (int64_t p = 0; p < n.out_h; ++p)
      for (int64_t q = 0; q < n.out_w; ++q) {
        const int64_t first = p * stride * n.width + q * stride;
        int64_t best = first;
        // PyTorch CPU kernel's test: strictly greater keeps the first of equals; a NaN wins.
        for (int64_t r = 0; r < kernel; ++r)
          for (int64_t s = 0; s < kernel; ++s) {
            const int64_t i = first + r * n.width + s;
            if (in[i] > in[best] || std::isnan(in[i])) best = i;
          }
        y[out + p * n.out_w + q] = in[best];
        argmax[out + p * n.out_w + q] = std::bit_cast<float>(static_cast<int32_t>(best));
      }
  }
}

void max_pool2d_backward(TensorView dx, ConstTensorView dy, const float* argmax) {
  if (!dx) return;
  const Planes n(dx.shape, dy.shape);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    float* grad = dx.data + plane * n.in_size();
    for (int64_t o = plane * n.out_size(); o < (plane + 1) * n.out_size(); ++o)
      grad[std::bit_cast<int32_t>(argmax[o])] += dy[o];
  }
}

void avg_pool2d_forward(TensorView y, ConstTensorView x, int64_t kernel, int64_t stride) {
  const Planes n(x.shape, y.shape);
  const float window = static_cast<float>(kernel * kernel);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    const float* in = x.data + plane * n.in_size();
    float* out = y.data + plane * n.out_size();
    for (int64_t p = 0; p < n.out_h; ++p)
      for (int64_t q = 0; q < n.out_w; ++q) {
        const float* corner = in + p * stride * n.width + q * stride;
        float total = 0.0f;
        for (int64_t r = 0; r < kernel; ++r)
          for (int64_t s = 0; s < kernel; ++s) total += corner[r * n.width + s];
        out[p * n.out_w + q] = total / window;
      }
  }
}

void avg_pool2d_backward(TensorView dx, ConstTensorView dy, int64_t kernel, int64_t stride) {
  if (!dx) return;
  const Planes n(dx.shape, dy.shape);
  const float window = static_cast<float>(kernel * kernel);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    float* grad = dx.data + plane * n.in_size();
    const float* out = dy.data + plane * n.out_size();
    for (int64_t p = 0; p < n.out_h; ++p)
      for (int64_t q = 0; q < n.out_w; ++q) {
        float* corner = grad + p * stride * n.width + q * stride;
        const float share = out[p * n.out_w + q] / window;
        for (int64_t r = 0; r < kernel; ++r)
          for (int64_t s = 0; s < kernel; ++s) corner[r * n.width + s] += share;
      }
  }
}

void upsample_nearest2d_forward(TensorView y, ConstTensorView x, int64_t scale) {
  const Planes n(x.shape, y.shape);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    const float* in = x.data + plane * n.in_size();
    float* out = y.data + plane * n.out_size();
    for (int64_t i = 0; i < n.out_h; ++i)
      for (int64_t j = 0; j < n.out_w; ++j)
        out[i * n.out_w + j] = in[i / scale * n.width + j / scale];
  }
}

void upsample_nearest2d_backward(TensorView dx, ConstTensorView dy, int64_t scale) {
  if (!dx) return;
  const Planes n(dx.shape, dy.shape);
  for (int64_t plane = 0; plane < n.count; ++plane) {
    float* grad = dx.data + plane * n.in_size();
    const float* out = dy.data + plane * n.out_size();
    for (int64_t i = 0; i < n.out_h; ++i)
      for (int64_t j = 0; j < n.out_w; ++j)
        grad[i / scale * n.width + j / scale] += out[i * n.out_w + j];
  }
}

}  // namespace ops

namespace {

void require_images(const char* op, const Shape& x) {
  if (x.rank() != 4) throw Error(std::string(op) + ": input must be (B, C, H, W), got " + x.str());
}

// The checks both pooling ops share, and their output shape.
Shape pooled_shape(const char* op, const Shape& x, int64_t kernel, int64_t stride) {
  require_images(op, x);
  if (kernel < 1 || stride < 1)
    throw Error(std::string(op) + ": kernel and stride must be at least 1, got kernel " +
                std::to_string(kernel) + " and stride " + std::to_string(stride));
  if (x[2] < kernel || x[3] < kernel)
    throw Error(std::string(op) + ": the kernel " + std::to_string(kernel) + "×" +
                std::to_string(kernel) + " is larger than the input " + x.str());
  return Shape{x[0], x[1], (x[2] - kernel) / stride + 1, (x[3] - kernel) / stride + 1};
}

}  // namespace

Var max_pool2d(Var x, int64_t kernel, int64_t stride) {
  const Shape ys = pooled_shape("max_pool2d", x.shape(), kernel, stride);
  Tape& tape = *x.tape;
  Var y = tape.make(ys, x.requires_grad());
  // The argmax is an int32 within one plane: 2³¹ elements would be a plane of 8 GiB.
  float* const argmax = tape.scratch(Shape{ys.numel()}).data;
  ops::max_pool2d_forward(y.value(), argmax, x.value(), kernel, stride);
  if (x.requires_grad())
    tape.record([=] { ops::max_pool2d_backward(x.grad(), y.grad(), argmax); });
  return y;
}

Var avg_pool2d(Var x, int64_t kernel, int64_t stride) {
  const Shape ys = pooled_shape("avg_pool2d", x.shape(), kernel, stride);
  Tape& tape = *x.tape;
  Var y = tape.make(ys, x.requires_grad());
  ops::avg_pool2d_forward(y.value(), x.value(), kernel, stride);
  if (x.requires_grad())
    tape.record([=] { ops::avg_pool2d_backward(x.grad(), y.grad(), kernel, stride); });
  return y;
}

Var upsample_nearest2d(Var x, int64_t scale) {
  const Shape xs = x.shape();
  require_images("upsample_nearest2d", xs);
  if (scale < 1)
    throw Error("upsample_nearest2d: scale must be at least 1, got " + std::to_string(scale));
  Tape& tape = *x.tape;
  Var y = tape.make(Shape{xs[0], xs[1], xs[2] * scale, xs[3] * scale}, x.requires_grad());
  ops::upsample_nearest2d_forward(y.value(), x.value(), scale);
  if (x.requires_grad())
    tape.record([=] { ops::upsample_nearest2d_backward(x.grad(), y.grad(), scale); });
  return y;
}

}  // namespace flujo
