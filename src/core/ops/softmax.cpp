#include "core/ops/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

// Row sums accumulate in double: a row of a few thousand logits would otherwise lose digits.
float log_sum_exp(const float* row, int64_t count) {
  const float peak = *std::max_element(row, row + count);
  double total = 0.0;
  for (int64_t v = 0; v < count; ++v) total += std::exp(static_cast<double>(row[v] - peak));
  return peak + static_cast<float>(std::log(total));
}

void softmax_row(const float* in, float* out, int64_t count) {
  const float peak = *std::max_element(in, in + count);
  double total = 0.0;
  for (int64_t j = 0; j < count; ++j) {
    out[j] = std::exp(in[j] - peak);
    total += out[j];
  }
  const float inverse = static_cast<float>(1.0 / total);
  for (int64_t j = 0; j < count; ++j) out[j] *= inverse;
}

void softmax_forward(TensorView y, ConstTensorView x) {
  const Shape m = x.shape.as_matrix();
  const int64_t rows = m[0], v = m[1];
  for (int64_t r = 0; r < rows; ++r) softmax_row(x.data + r * v, y.data + r * v, v);
}

void softmax_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  const Shape m = y.shape.as_matrix();
  const int64_t rows = m[0], v = m[1];
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t base = r * v;
    double dot = 0.0;
    for (int64_t j = 0; j < v; ++j) dot += static_cast<double>(dy[base + j]) * y[base + j];
    const float projected = static_cast<float>(dot);
    for (int64_t j = 0; j < v; ++j) dx[base + j] += y[base + j] * (dy[base + j] - projected);
  }
}

void log_softmax_forward(TensorView y, ConstTensorView x) {
  const Shape m = x.shape.as_matrix();
  const int64_t rows = m[0], v = m[1];
  for (int64_t r = 0; r < rows; ++r) {
    const float normaliser = log_sum_exp(x.data + r * v, v);
    for (int64_t j = 0; j < v; ++j) y[r * v + j] = x[r * v + j] - normaliser;
  }
}

void log_softmax_backward(TensorView dx, ConstTensorView dy, ConstTensorView y) {
  const Shape m = y.shape.as_matrix();
  const int64_t rows = m[0], v = m[1];
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t base = r * v;
    double total = 0.0;
    for (int64_t j = 0; j < v; ++j) total += dy[base + j];
    const float dy_sum = static_cast<float>(total);
    for (int64_t j = 0; j < v; ++j) dx[base + j] += dy[base + j] - std::exp(y[base + j]) * dy_sum;
  }
}

}  // namespace ops

namespace {

Var over_last_axis(const char* op, Var x, void (*forward)(TensorView, ConstTensorView),
                   void (*backward)(TensorView, ConstTensorView, ConstTensorView)) {
  const Shape& shape = x.shape();
  if (shape.rank() < 1 || shape[shape.rank() - 1] == 0)
    throw Error(std::string(op) + ": needs a non-empty last axis, got " + shape.str());
  Tape& tape = *x.tape;
  const bool needs_grad = x.requires_grad();
  Var y = tape.make(x.shape(), needs_grad);
  forward(y.value(), x.value());
  if (needs_grad) tape.record([=] { backward(x.grad(), y.grad(), y.value()); });
  return y;
}

}  // namespace

Var softmax(Var x) {
  return over_last_axis("softmax", x, ops::softmax_forward, ops::softmax_backward);
}

Var log_softmax(Var x) {
  return over_last_axis("log_softmax", x, ops::log_softmax_forward, ops::log_softmax_backward);
}

}  // namespace flujo
