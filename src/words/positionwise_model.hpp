#pragma once
// A language model that gives the logits of every position of its input, (B, T) ids → (B, T, V)
// — the transformer and the recurrent ones. Its loss (every next token of the windows) and its
// next-token logits (the last position's) follow from that one function.
#include <cstdint>
#include <span>
#include <vector>

#include "flujo/words/language_model.hpp"

namespace flujo::words {

class PositionwiseModel : public LanguageModel {
 public:
  Var loss(Tape& tape, std::span<const int32_t> windows, int64_t batch, Rng& rng) override;
  std::vector<float> next_logits(std::span<const int32_t> ids) override;

 protected:
  using LanguageModel::LanguageModel;
  // ids (B, T) row-major → logits (B, T, V); rng draws dropout masks in training.
  virtual Var position_logits(Tape& tape, std::span<const int32_t> ids, int64_t batch,
                              Rng& rng) = 0;
  // The model's own tape for reading without gradients, reset: valid until the next call.
  Tape& inference_tape();

 private:
  std::vector<int32_t> inputs_, targets_;  // sized once: the batch shape does not change
  Tape tape_;
};

}  // namespace flujo::words
