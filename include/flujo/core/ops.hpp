#pragma once
// Differentiable ops on tape variables. Each op computes its output into a tape node and records
// a backward closure that adds into its inputs' gradients. Kernel pairs (forward and backward on
// plain views, side by side) live in src/core/ops/<family>.{hpp,cpp}; this header is the public
// face. Shape letters: N rows (any leading axes merged), F features, O outputs, V vocabulary,
// B batch, T time, H hidden, E embedding width.
#include <cstdint>
#include <span>

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

// Over the last axis.
Var softmax(Var x);
Var log_softmax(Var x);

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
