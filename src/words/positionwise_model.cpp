#include "words/positionwise_model.hpp"

#include <algorithm>

namespace flujo::words {

Var PositionwiseModel::loss(Tape& tape, std::span<const int32_t> windows, int64_t batch,
                            Rng& rng) {
  const int64_t length = static_cast<int64_t>(windows.size()) / batch, steps = length - 1;
  inputs_.resize(static_cast<size_t>(batch * steps));
  targets_.resize(inputs_.size());
  for (int64_t b = 0; b < batch; ++b) {
    const int32_t* window = windows.data() + b * length;
    std::copy_n(window, steps, inputs_.data() + b * steps);
    std::copy_n(window + 1, steps, targets_.data() + b * steps);
  }
  const Var logits = position_logits(tape, inputs_, batch, rng);
  return cross_entropy(reshape(logits, Shape{batch * steps, vocabulary()}), targets_);
}

std::vector<float> PositionwiseModel::next_logits(std::span<const int32_t> ids) {
  const std::span<const int32_t> seen =
      ids.last(std::min<size_t>(ids.size(), static_cast<size_t>(context())));
  Rng unused(0);  // no dropout in evaluation
  const ConstTensorView logits = position_logits(inference_tape(), seen, 1, unused).value();
  const float* last = logits.data + (static_cast<int64_t>(seen.size()) - 1) * vocabulary();
  return {last, last + vocabulary()};
}

Tape& PositionwiseModel::inference_tape() {
  tape_.reset();
  tape_.set_grad_enabled(false);
  return tape_;
}

}  // namespace flujo::words
