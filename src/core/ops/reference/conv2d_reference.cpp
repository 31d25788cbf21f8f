#include "core/ops/reference/conv2d_reference.hpp"

namespace flujo::ops::reference {
namespace {

// Calls visit(b, k, p, q, c, ih, iw, weight_index) for every product of the convolution:
// output (b, k, p, q) takes input (b, c, ih, iw) times weight (k, c, r, s).
template <typename Visit>
void each_product(const ConvGeometry& g, Visit&& visit) {
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t k = 0; k < g.out_channels; ++k)
      for (int64_t p = 0; p < g.out_h; ++p)
        for (int64_t q = 0; q < g.out_w; ++q)
          for (int64_t c = 0; c < g.channels; ++c)
            for (int64_t r = 0; r < g.kernel_h; ++r)
              for (int64_t s = 0; s < g.kernel_w; ++s) {
                const int64_t ih = p * g.stride_h - g.padding_h + r, iw = q * g.stride_w - g.padding_w + s;
                if (ih < 0 || ih >= g.height || iw < 0 || iw >= g.width) continue;
                visit(((b * g.out_channels + k) * g.out_h + p) * g.out_w + q,
                      ((b * g.channels + c) * g.height + ih) * g.width + iw,
                      ((k * g.channels + c) * g.kernel_h + r) * g.kernel_w + s);
              }
}

}  // namespace

void conv2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight, ConstTensorView bias,
                    const ConvGeometry& g) {
  const int64_t positions = g.out_h * g.out_w;
  for (int64_t i = 0; i < y.shape.numel(); ++i)
    y[i] = bias ? bias[(i / positions) % g.out_channels] : 0.0f;
  each_product(g, [&](int64_t out, int64_t in, int64_t w) { y[out] += x[in] * weight[w]; });
}

void conv2d_backward(TensorView dx, TensorView dweight, TensorView dbias, ConstTensorView dy,
                     ConstTensorView x, ConstTensorView weight, const ConvGeometry& g) {
  each_product(g, [&](int64_t out, int64_t in, int64_t w) {
    if (dx) dx[in] += dy[out] * weight[w];
    if (dweight) dweight[w] += dy[out] * x[in];
  });
  const int64_t positions = g.out_h * g.out_w;
  if (dbias)
    for (int64_t i = 0; i < dy.shape.numel(); ++i) dbias[(i / positions) % g.out_channels] += dy[i];
}

// The transposed convolution scatters each input element (the convolution's output) through the
// kernel: y(b, c, ih, iw) += x(b, k, p, q) · weight(k, c, r, s).
void conv_transpose2d_forward(TensorView y, ConstTensorView x, ConstTensorView weight,
                              ConstTensorView bias, const ConvGeometry& g) {
  const int64_t planes = g.height * g.width;
  for (int64_t i = 0; i < y.shape.numel(); ++i) y[i] = bias ? bias[(i / planes) % g.channels] : 0.0f;
  each_product(g, [&](int64_t in, int64_t out, int64_t w) { y[out] += x[in] * weight[w]; });
}

void conv_transpose2d_backward(TensorView dx, TensorView dweight, TensorView dbias,
                               ConstTensorView dy, ConstTensorView x, ConstTensorView weight,
                               const ConvGeometry& g) {
  each_product(g, [&](int64_t in, int64_t out, int64_t w) {
    if (dx) dx[in] += dy[out] * weight[w];
    if (dweight) dweight[w] += dy[out] * x[in];
  });
  const int64_t planes = g.height * g.width;
  if (dbias)
    for (int64_t i = 0; i < dy.shape.numel(); ++i) dbias[(i / planes) % g.channels] += dy[i];
}

}  // namespace flujo::ops::reference
