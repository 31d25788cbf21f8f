#include "flujo/menu/learning.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>

#include "flujo/core.hpp"
#include "flujo/nn.hpp"
#include "flujo/optim.hpp"

namespace flujo::menu {
namespace {

constexpr int kTrainingDays = 2000;
constexpr int kHeldOutDays = 500;
constexpr int kWindow = 14;
constexpr int kBatch = 32;
// Carrying the dish through the hidden state while the weather decides same-or-next is an XOR:
// with these settings the cook who got a life reaches 100% for ~99% of seeds (0 included), in
// well under a second; fewer units, steps or no clipping leave a few seeds in a local minimum.
constexpr int kSteps = 1500;
constexpr int kHidden = 16;
constexpr double kLearningRate = 0.03;
constexpr double kFinalLearningRate = 0.0015;
constexpr double kMaxGradNorm = 1.0;

bool has_memory(Cook cook) { return cook != Cook::weather; }

// Today's weather, and for a cook with memory the dish of day 0 (set on the first day only).
int input_width(bool memory) { return memory ? kWeathers + kFoods : kWeathers; }

// Days [start, start + length) of the diary as one row of inputs (length, F) and targets.
void encode(const Diary& diary, int start, int length, bool memory, float* inputs,
            int32_t* targets) {
  const int width = input_width(memory);
  std::fill(inputs, inputs + length * width, 0.0f);
  for (int t = 0; t < length; ++t) {
    inputs[t * width + diary.weather[start + t]] = 1.0f;
    targets[t] = diary.dishes[start + t];
  }
  if (memory) inputs[kWeathers + diary.dish_before(start)] = 1.0f;
}

class Student {
 public:
  Student(ParameterStore& store, bool memory)
      : rnn_(memory ? std::optional<nn::Recurrent>(std::in_place, store, "rnn",
                                                     nn::RecurrentOptions{
                                                         .cell = nn::CellKind::rnn_tanh,
                                                         .input_size = input_width(true),
                                                         .hidden_size = kHidden})
                    : std::nullopt),
        readout_(store, "readout", memory ? kHidden : kWeathers, kFoods) {}

  void reset_parameters(ParameterStore& store, Rng& rng) const {
    if (rnn_) rnn_->reset_parameters(store, rng);
    readout_.reset_parameters(store, rng);
  }

  // x (B, T, F) → dish scores (B, T, 3).
  Var logits(Tape& tape, ParameterStore& store, Var x) const {
    return readout_.forward(tape, store, rnn_ ? rnn_->forward(tape, store, x).outputs : x);
  }

  std::string describe() const {
    const std::string head = fmt::format("nn::Linear({} → {})", readout_.in_features(), kFoods);
    if (!rnn_) return head;
    return fmt::format("nn::Recurrent(rnn_tanh, {} → {}) + {}", input_width(true), kHidden, head);
  }

  std::vector<LabelledMatrix> matrices(const ParameterStore& store, const Words& words) const;

 private:
  std::optional<nn::Recurrent> rnn_;
  nn::Linear readout_;
};

std::vector<std::string> numbered(const char* prefix, int count) {
  std::vector<std::string> labels;
  for (int i = 1; i <= count; ++i) labels.push_back(fmt::format("{}{}", prefix, i));
  return labels;
}

// weight (O, F) with the bias (sum of biases) appended as column F.
std::vector<float> with_bias(ConstTensorView weight, std::vector<float> bias) {
  const int64_t rows = weight.shape[0], cols = weight.shape[1];
  std::vector<float> values;
  for (int64_t r = 0; r < rows; ++r) {
    values.insert(values.end(), weight.data + r * cols, weight.data + (r + 1) * cols);
    values.push_back(bias[r]);
  }
  return values;
}

std::vector<float> to_vector(ConstTensorView view) { return {view.data, view.data + view.numel()}; }

std::vector<LabelledMatrix> Student::matrices(const ParameterStore& store,
                                              const Words& words) const {
  std::vector<std::string> foods(words.foods.begin(), words.foods.end());
  std::vector<LabelledMatrix> out;
  std::vector<std::string> readout_cols =
      rnn_ ? numbered("h", kHidden)
           : std::vector<std::string>(words.weathers.begin(), words.weathers.end());
  readout_cols.push_back(words.bias);
  if (rnn_) {
    const auto& layer = rnn_->layer(0);
    std::vector<std::string> input_cols(words.weathers.begin(), words.weathers.end());
    for (const char* food : words.foods)
      input_cols.push_back(words.day_zero_prefix + std::string(food));
    input_cols.push_back(words.bias);
    std::vector<float> bias = to_vector(store.value(layer.bias_ih));
    const std::vector<float> bias_hh = to_vector(store.value(layer.bias_hh));
    for (size_t i = 0; i < bias.size(); ++i) bias[i] += bias_hh[i];
    out.push_back({words.learned_input, numbered("h", kHidden), input_cols,
                   with_bias(store.value(layer.weight_ih), bias)});
    out.push_back({words.learned_recurrent, numbered("h", kHidden), numbered("h", kHidden),
                   to_vector(store.value(layer.weight_hh))});
  }
  out.push_back({rnn_ ? words.learned_readout : words.learned_direct, foods, readout_cols,
                 with_bias(store.value(readout_.weight()),
                           to_vector(store.value(readout_.bias())))});
  return out;
}

}  // namespace

LearnedCook learn(const DesignedCook& cook, const Words& words, uint64_t seed) {
  const bool memory = has_memory(cook.cook);
  const int width = input_width(memory);
  // Each cook draws from its own stream, so the three learn independently of each other.
  Rng rng(seed + 1 + static_cast<uint64_t>(cook.cook));
  const int first_dish = static_cast<int>(rng.below(kFoods));
  const Diary diary = write_diary(cook, first_dish, kTrainingDays + kHeldOutDays, rng);

  ParameterStore store;
  const Student student(store, memory);
  student.reset_parameters(store, rng);
  optim::Adam adam(store, {.lr = kLearningRate});
  const optim::CosineSchedule schedule(kLearningRate, kSteps, kFinalLearningRate);

  Tensor inputs({kBatch, kWindow, width});
  std::vector<int32_t> targets(static_cast<size_t>(kBatch * kWindow));
  Tape tape;
  for (int step = 0; step < kSteps; ++step) {
    for (int b = 0; b < kBatch; ++b) {
      const int start = static_cast<int>(rng.below(kTrainingDays - kWindow + 1));
      encode(diary, start, kWindow, memory, inputs.data() + b * kWindow * width,
             targets.data() + b * kWindow);
    }
    tape.reset();
    store.zero_grad();
    const Var logits = student.logits(tape, store, tape.constant(inputs.view()));
    tape.backward(cross_entropy(reshape(logits, Shape{kBatch * kWindow, kFoods}), targets));
    optim::clip_grad_norm(store, kMaxGradNorm);
    adam.set_learning_rate(schedule.learning_rate(step));
    adam.step();
  }

  Tensor held_out({1, kHeldOutDays, width});
  std::vector<int32_t> held_out_dishes(kHeldOutDays);
  encode(diary, kTrainingDays, kHeldOutDays, memory, held_out.data(), held_out_dishes.data());
  tape.reset();
  const TensorView scores = student.logits(tape, store, tape.constant(held_out.view())).value();
  int correct = 0;
  for (int day = 0; day < kHeldOutDays; ++day) {
    const float* row = scores.data + day * kFoods;
    const int predicted = static_cast<int>(std::max_element(row, row + kFoods) - row);
    correct += predicted == held_out_dishes[day];
  }
  return {.model = student.describe(),
          .training_days = kTrainingDays,
          .window = kWindow,
          .batch = kBatch,
          .steps = kSteps,
          .held_out_days = kHeldOutDays,
          .correct = correct,
          .matrices = student.matrices(store, words)};
}

}  // namespace flujo::menu
