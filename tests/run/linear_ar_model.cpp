// A model added from outside the library, as a user would add one: a linear autoregressive
// forecaster x̂_{t+1} = A · (x_{t−L+1} … x_t) + b over the look_back window, trained by gradient
// with the k-step rollout loss, run free by sliding its window, and exposing that window as the
// state analyze reads. One file plus one register_model() line (linear_ar_main.cpp).
#include <algorithm>
#include <array>

#include "flujo/nn.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {
namespace {

class LinearAr : public Model {
 public:
  LinearAr(int64_t channels, int64_t look_back)
      : Model(channels), look_back_(look_back), map_(store_, "ar", look_back * channels, channels) {}

  ParameterStore* parameters() override { return &store_; }
  void reset_parameters(Rng& rng) override { map_.reset_parameters(store_, rng); }

  Var predict(Tape& tape, Var inputs) override {
    const int64_t batch = inputs.shape()[0];
    return map_.forward(tape, store_, reshape(inputs, Shape{batch, look_back_ * channels()}));
  }

  // Each prediction slides into the window as its newest row.
  Var loss(Tape& tape, Var inputs, Var targets, int64_t rollout) override {
    const int64_t batch = inputs.shape()[0], c = channels();
    Var window = inputs, total;
    for (int64_t j = 0; j < rollout; ++j) {
      const Var prediction = predict(tape, window);
      const Var error = mse_loss(prediction, slice(targets, 1, j * c, c));
      total = j == 0 ? error : add(total, error);
      const Var newest = reshape(prediction, Shape{batch, 1, c});
      if (look_back_ == 1) {
        window = newest;
      } else {
        const std::array<Var, 2> parts = {slice(window, 1, 1, look_back_ - 1), newest};
        window = concat(parts, 1);
      }
    }
    return scale(total, 1.0f / static_cast<float>(rollout));
  }

  std::unique_ptr<FreeRunStepper> stepper(int64_t batch) override;

  HiddenStates record_states(const data::Series& normalised, int64_t first_row, int64_t count,
                             int64_t look_back) override {
    HiddenStates states;
    states.count = count;
    states.width = look_back * channels();
    for (int64_t t = first_row; t < first_row + count; ++t)
      for (int64_t row = t - look_back + 1; row <= t; ++row)
        for (int64_t c = 0; c < channels(); ++c) states.hidden.push_back(normalised.at(row, c));
    return states;
  }

  int64_t look_back() const { return look_back_; }

 private:
  int64_t look_back_;
  ParameterStore store_;
  nn::Linear map_;
};

// B windows (B, L, C) slid forward one prediction at a time; the window is the whole state.
class SlidingWindow : public FreeRunStepper {
 public:
  SlidingWindow(LinearAr& model, int64_t batch)
      : model_(model),
        batch_(batch),
        windows_({batch, model.look_back(), model.channels()}),
        next_({batch, 1, model.channels()}) {
    tape_.set_grad_enabled(false);
  }

  void warm_up(ConstTensorView windows) override {
    const int64_t rows = model_.look_back() * model_.channels();
    const int64_t skip = (windows.shape[1] - model_.look_back()) * model_.channels();
    for (int64_t b = 0; b < batch_; ++b)
      std::copy(windows.data + b * windows.shape[1] * model_.channels() + skip,
                windows.data + (b + 1) * windows.shape[1] * model_.channels(),
                windows_.data() + b * rows);
    predict_next();
  }

  void advance(int64_t steps, TensorView predictions) override {
    const int64_t c = model_.channels(), rows = model_.look_back() * c;
    for (int64_t s = 0; s < steps; ++s) {
      for (int64_t b = 0; b < batch_; ++b) {
        float* window = windows_.data() + b * rows;
        std::copy(window + c, window + rows, window);
        std::copy(next_.data() + b * c, next_.data() + (b + 1) * c, window + rows - c);
      }
      predict_next();
      if (predictions.data != nullptr)
        for (int64_t b = 0; b < batch_; ++b)
          std::copy(next_.data() + b * c, next_.data() + (b + 1) * c,
                    predictions.data + (b * steps + s) * c);
    }
  }

  TensorView prediction() override { return next_.view(); }
  std::vector<StateBlocks> state() override {
    return {{windows_.view(), 1, model_.look_back() * model_.channels()}};
  }
  void record(int64_t trajectory, double* hidden) const override {
    const int64_t rows = record_width();
    for (int64_t i = 0; i < rows; ++i) hidden[i] = windows_[trajectory * rows + i];
  }
  int64_t record_width() const override { return model_.look_back() * model_.channels(); }

 private:
  void predict_next() {
    tape_.reset();
    next_.view().copy_from(model_.predict(tape_, tape_.constant(windows_.view())).value());
  }

  LinearAr& model_;
  int64_t batch_;
  Tensor windows_, next_;
  Tape tape_;
};

std::unique_ptr<FreeRunStepper> LinearAr::stepper(int64_t batch) {
  return std::make_unique<SlidingWindow>(*this, batch);
}

}  // namespace

ModelKind linear_ar_kind() {
  return {"linear_ar", "linear autoregression on the look_back window",
          [](const TrainConfig& config, int64_t channels) {
            return std::make_unique<LinearAr>(channels, config.look_back);
          }};
}

}  // namespace flujo::run
