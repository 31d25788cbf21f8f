#include "core/ops/losses.hpp"

#include <cmath>
#include <string>

#include "core/ops/softmax.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"

namespace flujo {
namespace ops {

void mse_loss_forward(TensorView loss, ConstTensorView prediction, ConstTensorView target) {
  double total = 0.0;
  for (int64_t i = 0; i < prediction.numel(); ++i) {
    const float difference = prediction[i] - target[i];
    total += static_cast<double>(difference) * difference;
  }
  loss[0] = static_cast<float>(total / static_cast<double>(prediction.numel()));
}

void mse_loss_backward(TensorView dprediction, TensorView dtarget, ConstTensorView dloss,
                       ConstTensorView prediction, ConstTensorView target) {
  const float factor = 2.0f * dloss[0] / static_cast<float>(prediction.numel());
  for (int64_t i = 0; i < prediction.numel(); ++i) {
    const float d = factor * (prediction[i] - target[i]);
    if (dprediction) dprediction[i] += d;
    if (dtarget) dtarget[i] -= d;
  }
}

void cross_entropy_forward(TensorView loss, TensorView row_log_sum_exp, ConstTensorView logits,
                           std::span<const int32_t> targets) {
  const int64_t rows = logits.shape[0], classes = logits.shape[1];
  double total = 0.0;
  for (int64_t r = 0; r < rows; ++r) {
    const float normaliser = log_sum_exp(logits.data + r * classes, classes);
    if (row_log_sum_exp) row_log_sum_exp[r] = normaliser;
    total += normaliser - logits[r * classes + targets[r]];
  }
  loss[0] = static_cast<float>(total / static_cast<double>(rows));
}

// d loss / d logits[r, v] = (softmax[r, v] − [v = target r]) / N.
void cross_entropy_backward(TensorView dlogits, ConstTensorView dloss, ConstTensorView logits,
                            ConstTensorView row_log_sum_exp, std::span<const int32_t> targets) {
  const int64_t rows = logits.shape[0], classes = logits.shape[1];
  const float share = dloss[0] / static_cast<float>(rows);
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t base = r * classes;
    for (int64_t v = 0; v < classes; ++v)
      dlogits[base + v] += share * std::exp(logits[base + v] - row_log_sum_exp[r]);
    dlogits[base + targets[r]] -= share;
  }
}

}  // namespace ops

Var mse_loss(Var prediction, Var target) {
  const Shape shape = prediction.shape();
  if (!(target.shape() == shape) || shape.numel() == 0)
    throw Error("mse_loss: prediction " + shape.str() + " and target " + target.shape().str() +
                " must have the same non-empty shape");
  Tape& tape = *prediction.tape;
  const bool needs_grad = prediction.requires_grad() || target.requires_grad();
  Var loss = tape.make(Shape{}, needs_grad);
  ops::mse_loss_forward(loss.value(), prediction.value(), target.value());
  if (needs_grad) {
    tape.record([=] {
      ops::mse_loss_backward(prediction.grad(), target.grad(), loss.grad(), prediction.value(),
                             target.value());
    });
  }
  return loss;
}

Var cross_entropy(Var logits, std::span<const int32_t> targets) {
  const Shape shape = logits.shape();
  if (shape.rank() != 2 || shape[0] == 0 || shape[1] == 0)
    throw Error("cross_entropy: logits must be a non-empty (N, V), got " + shape.str());
  const int64_t rows = shape[0], classes = shape[1];
  if (static_cast<int64_t>(targets.size()) != rows)
    throw Error("cross_entropy: " + std::to_string(targets.size()) + " targets for " +
                std::to_string(rows) + " rows of logits");
  for (int64_t r = 0; r < rows; ++r) {
    if (targets[r] < 0 || targets[r] >= classes)
      throw Error("cross_entropy: target " + std::to_string(targets[r]) + " at row " +
                  std::to_string(r) + " is outside [0, " + std::to_string(classes) + ")");
  }
  Tape& tape = *logits.tape;
  const bool needs_grad = logits.requires_grad();
  Var loss = tape.make(Shape{}, needs_grad);
  const TensorView row_log_sum_exp = needs_grad ? tape.scratch(shape.with_dim(1, 1)) : TensorView{};
  ops::cross_entropy_forward(loss.value(), row_log_sum_exp, logits.value(), targets);
  if (needs_grad) {
    tape.record([=] {
      ops::cross_entropy_backward(logits.grad(), loss.grad(), logits.value(), row_log_sum_exp,
                                  targets);
    });
  }
  return loss;
}

}  // namespace flujo
