#include "core/ops/attention.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/ops/softmax.hpp"
#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {
namespace {

// Where head h of batch row b starts in a (B, T, E) tensor, and its block of weights.
int64_t head_offset(const AttentionDims& d, int64_t b, int64_t h) {
  return b * d.steps * d.width + h * d.head_width();
}
int64_t block_offset(const AttentionDims& d, int64_t b, int64_t h) {
  return (b * d.heads + h) * d.steps * d.steps;
}

// Softmax of each row of a (T, T) block of scaled scores, in place; causal rows stop at the
// diagonal and the rest of the row becomes 0.
void softmax_rows(float* block, int64_t steps, bool causal) {
  for (int64_t i = 0; i < steps; ++i) {
    float* row = block + i * steps;
    const int64_t seen = causal ? i + 1 : steps;
    softmax_row(row, row, seen);
    std::fill(row + seen, row + steps, 0.0f);
  }
}

}  // namespace

void attention_forward(const AttentionDims& d, TensorView y, TensorView weights, ConstTensorView q,
                       ConstTensorView k, ConstTensorView v) {
  const int64_t T = d.steps, E = d.width, D = d.head_width();
  const float scale = 1.0f / std::sqrt(static_cast<float>(D));
  for (int64_t b = 0; b < d.batch; ++b) {
    for (int64_t h = 0; h < d.heads; ++h) {
      const int64_t at = head_offset(d, b, h);
      float* block = weights.data + block_offset(d, b, h);
      blas::gemm(false, true, T, T, D, scale, q.data + at, E, k.data + at, E, 0.0f, block, T);
      softmax_rows(block, T, d.causal);
      blas::gemm(false, false, T, D, T, 1.0f, block, T, v.data + at, E, 0.0f, y.data + at, E);
    }
  }
}

void attention_backward(const AttentionDims& d, TensorView dq, TensorView dk, TensorView dv,
                        TensorView block, ConstTensorView dy, ConstTensorView q,
                        ConstTensorView k, ConstTensorView v, ConstTensorView weights) {
  const int64_t T = d.steps, E = d.width, D = d.head_width();
  const float scale = 1.0f / std::sqrt(static_cast<float>(D));
  for (int64_t b = 0; b < d.batch; ++b) {
    for (int64_t h = 0; h < d.heads; ++h) {
      const int64_t at = head_offset(d, b, h);
      const float* w = weights.data + block_offset(d, b, h);
      if (dv) blas::gemm(true, false, T, D, T, 1.0f, w, T, dy.data + at, E, 1.0f, dv.data + at, E);
      if (!dq && !dk) continue;
      // block = dW, then dS in place (masked weights are 0, so are their dS).
      blas::gemm(false, true, T, T, D, 1.0f, dy.data + at, E, v.data + at, E, 0.0f, block.data,
                 T);
      for (int64_t i = 0; i < T; ++i) {
        float* row = block.data + i * T;
        const float* w_row = w + i * T;
        double projection = 0.0;
        for (int64_t j = 0; j < T; ++j) projection += static_cast<double>(row[j]) * w_row[j];
        const float p = static_cast<float>(projection);
        for (int64_t j = 0; j < T; ++j) row[j] = w_row[j] * (row[j] - p);
      }
      if (dq) {
        blas::gemm(false, false, T, D, T, scale, block.data, T, k.data + at, E, 1.0f,
                   dq.data + at, E);
      }
      if (dk) {
        blas::gemm(true, false, T, D, T, scale, block.data, T, q.data + at, E, 1.0f,
                   dk.data + at, E);
      }
    }
  }
}

}  // namespace ops

Var attention(Var q, Var k, Var v, AttentionOptions options, ConstTensorView* weights) {
  const Shape& qs = q.shape();
  if (qs.rank() != 3)
    throw Error("attention: q must be (B, T, E), got " + qs.str());
  if (!(k.shape() == qs) || !(v.shape() == qs))
    throw Error("attention: q, k and v must share one shape, got " + qs.str() + ", " +
                k.shape().str() + " and " + v.shape().str());
  if (options.heads < 1 || qs[2] % options.heads != 0)
    throw Error("attention: " + std::to_string(options.heads) + " heads do not divide the width " +
                std::to_string(qs[2]));
  const ops::AttentionDims d{qs[0], qs[1], qs[2], options.heads, options.causal};
  Tape& tape = *q.tape;
  const bool needs_grad = q.requires_grad() || k.requires_grad() || v.requires_grad();
  Var y = tape.make(qs, needs_grad);
  TensorView attention_weights = tape.scratch(Shape{d.batch, d.heads, d.steps, d.steps});
  ops::attention_forward(d, y.value(), attention_weights, q.value(), k.value(), v.value());
  if (weights) *weights = attention_weights;
  if (needs_grad) {
    TensorView block = tape.scratch(Shape{d.steps, d.steps});
    tape.record([=] {
      ops::attention_backward(d, q.grad(), k.grad(), v.grad(), block, y.grad(), q.value(),
                              k.value(), v.value(), attention_weights);
    });
  }
  return y;
}

}  // namespace flujo
