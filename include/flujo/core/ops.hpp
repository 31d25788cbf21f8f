#pragma once
// Differentiable ops on tape variables. Each op computes its output into a tape node and records
// a backward closure that adds into its inputs' gradients. Kernel pairs (forward and backward on
// plain views, side by side) live in src/core/ops/<family>.{hpp,cpp}; this header is the public
// face. Shape letters: N rows (any leading axes merged), F features, O outputs, V vocabulary,
// B batch, T time, H hidden, E embedding width.
#include <cstdint>
#include <span>

#include "flujo/core/random.hpp"
#include "flujo/core/recurrent.hpp"  // recurrent_layer: the fused RNN / LSTM / GRU layer
#include "flujo/core/tape.hpp"

namespace flujo {

// y(N.., O) = x(N.., F) · weight(O, F)^T + bias(O). PyTorch's nn.Linear layout. bias may be empty.
Var linear(Var x, Var weight, Var bias);
// c(M, N) = a(M, K) · b(K, N).
Var matmul(Var a, Var b);

// Elementwise a + b and a * b. b has a's shape, or b is (F,) and broadcasts over a's rows.
Var add(Var a, Var b);
Var mul(Var a, Var b);
// a * factor, for a constant factor.
Var scale(Var a, float factor);

Var tanh(Var x);
Var sigmoid(Var x);
Var relu(Var x);
Var gelu(Var x);  // exact form x·Φ(x), PyTorch's default
Var exp(Var x);
Var sqrt(Var x);  // x ≥ 0, kept away from 0 (the derivative 1 / 2√x)

// In training (tape.training()), each element zeroed with probability p and the rest scaled by
// 1 / (1 − p), the mask drawn from rng; in evaluation or with p = 0, x itself.
Var dropout(Var x, float p, Rng& rng);

// Over the last axis.
Var softmax(Var x);
Var log_softmax(Var x);
// (x − mean) / √(var + eps) ⊙ weight + bias over the last axis E (nn.LayerNorm(E)); weight and
// bias (E) may be empty Vars.
Var layer_norm(Var x, Var weight, Var bias, float eps = 1e-5f);

// 2-D convolutions, NCHW, one stride and one padding for both axes (PyTorch's nn.Conv2d and
// nn.ConvTranspose2d layouts; contract and output sizes in src/core/ops/conv2d.hpp).
struct Conv2dOptions {
  int64_t stride = 1, padding = 0;
  int64_t output_padding = 0;  // conv_transpose2d only: extra rows and columns, below stride
};
// x (B, C, H, W), weight (K, C, R, S), bias (K) or empty → (B, K, P, Q),
// P = ⌊(H + 2·padding − R) / stride⌋ + 1.
Var conv2d(Var x, Var weight, Var bias, Conv2dOptions options = {});
// x (B, C, H, W), weight (C, K, R, S), bias (K) or empty → (B, K, P, Q),
// P = (H − 1)·stride − 2·padding + R + output_padding.
Var conv_transpose2d(Var x, Var weight, Var bias, Conv2dOptions options = {});
// 1-D convolution over time (nn.Conv1d; a conv2d of one row, in src/core/ops/conv2d.cpp):
// x (B, C, T), weight (K, C, k), bias (K) or empty → (B, K, T'), T' = ⌊(T + 2·padding − k) / stride⌋ + 1.
struct Conv1dOptions {
  int64_t stride = 1, padding = 0;
};
Var conv1d(Var x, Var weight, Var bias, Conv1dOptions options = {});
// Pooling without padding, NCHW (F.max_pool2d, F.avg_pool2d; contract in
// src/core/ops/pooling.hpp): x (B, C, H, W) → (B, C, P, Q), P = ⌊(H − kernel) / stride⌋ + 1.
// Max pooling's gradient goes to the window's first maximum in row-major order, as PyTorch's.
Var max_pool2d(Var x, int64_t kernel, int64_t stride);
Var avg_pool2d(Var x, int64_t kernel, int64_t stride);
// x (B, C, H, W) → (B, C, H·scale, W·scale), each element repeated over a scale × scale block
// (nn.Upsample(scale_factor=scale, mode="nearest")).
Var upsample_nearest2d(Var x, int64_t scale);
// nn.BatchNorm2d: x (B, C, H, W) normalised per channel, then ⊙ weight + bias (C), either of
// which may be an empty Var (affine=False). Training normalises with the batch's moments and
// moves running_mean and running_var (C, the caller's, updated in place) towards them by
// momentum (the variance unbiased); evaluation normalises with them (contract in
// src/core/ops/batch_norm.hpp).
Var batch_norm2d(Var x, Var weight, Var bias, TensorView running_mean, TensorView running_var,
                 bool training, float momentum = 0.1f, float eps = 1e-5f);

// Multi-head scaled dot-product attention, one fused op: q, k, v and the result (B, T, E), heads
// dividing E (head h the columns [h·E/heads, (h+1)·E/heads)); causal: position i attends to
// j ≤ i. The projections (Q, K, V, output) are linear ops around it. When `weights` is given it
// gets a view of the attention weights (B, heads, T, T), valid until the tape's reset().
struct AttentionOptions {
  int64_t heads = 1;
  bool causal = true;
};
Var attention(Var q, Var k, Var v, AttentionOptions options, ConstTensorView* weights = nullptr);

// Scalar reductions over every element.
Var sum(Var x);
Var mean(Var x);

// Joins along `axis` (all other axes equal) / takes [start, start+length) along `axis`.
Var concat(std::span<const Var> parts, int axis);
Var slice(Var x, int axis, int64_t start, int64_t length);

// out(indices.shape.., E) = table(V, E)[indices]. Indices are checked against V.
Var embedding(Var table, std::span<const int32_t> indices, Shape index_shape);

// The same elements under another shape (no copy; gradients flow through shared memory).
Var reshape(Var x, Shape shape);

// Mean squared error over every element (PyTorch reduction='mean').
Var mse_loss(Var prediction, Var target);
// Mean over rows of -log softmax(logits(N, V))[target]. PyTorch's F.cross_entropy.
Var cross_entropy(Var logits, std::span<const int32_t> targets);

}  // namespace flujo
