#pragma once
// Learning a cook back from its diary with the library's layers and backpropagation through time.
// A cook without memory (the weather cook) is one nn::Linear from today's weather to dish scores.
// A cook with memory is an nn::Recurrent (rnn_tanh) whose hidden state must carry the dish from
// day to day, read out by an nn::Linear: its input is today's weather, plus on day 1 only the
// dish served the day before (day 0), so nothing but the recurrence tells it yesterday's dish.
// Training: random windows of the training diary, cross-entropy on every day's dish, Adam with
// a cosine learning-rate schedule and gradient clipping.
// Held out: the last days of the same diary, run as one sequence from its day 0.
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/menu/cooks.hpp"
#include "flujo/menu/text.hpp"

namespace flujo::menu {

struct LearnedCook {
  std::string model;  // the layers, e.g. "nn::Recurrent(rnn_tanh, 5 → 8) + nn::Linear(8 → 3)"
  int training_days = 0, window = 0, batch = 0, steps = 0;
  int held_out_days = 0, correct = 0;  // next-dish predictions on the held-out diary
  std::vector<LabelledMatrix> matrices;  // the learned weights, biases as a last column
};

// Deterministic in seed: same seed, same diary, same initial weights, same batches.
LearnedCook learn(const DesignedCook& cook, const Words& words, uint64_t seed);

}  // namespace flujo::menu
