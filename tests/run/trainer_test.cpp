// run::Trainer turns the tape's training flag on for its steps and off for its evaluation, so
// that ops such as dropout act in training only.
#include "run/trainer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "flujo/nn.hpp"

namespace flujo::run {
namespace {

// A one-channel linear model on the last value of its window that notes the tape's flag at
// every loss.
class FlagNotingModel : public Model {
 public:
  FlagNotingModel() : Model(1), map_(store_, "map", 1, 1) {}
  ParameterStore* parameters() override { return &store_; }
  Var loss(Tape& tape, Var inputs, Var targets, int64_t) override {
    flags.push_back(tape.training());
    const int64_t batch = inputs.shape()[0], look_back = inputs.shape()[1];
    const Var last = reshape(slice(inputs, 1, look_back - 1, 1), Shape{batch, 1});
    return mse_loss(map_.forward(tape, store_, last), targets);
  }
  std::vector<bool> flags;

 private:
  ParameterStore store_;
  nn::Linear map_;
};

TEST(Trainer, StepsTrainAndEvaluationDoesNot) {
  FlagNotingModel model;
  TrainConfig config;
  config.look_back = 3;
  Trainer trainer(model, config, 10);
  Tensor inputs({4, 3, 1}, 0.5f), targets({4, 1}, 0.25f);
  trainer.step(inputs.view(), targets.view(), 0);
  const data::Series series(20, {"x"});
  const data::WindowDataset windows(series, data::WindowSpec{.look_back = 3});
  trainer.evaluate(windows, inputs, targets);
  trainer.step(inputs.view(), targets.view(), 1);
  ASSERT_GE(model.flags.size(), 3u);
  EXPECT_TRUE(model.flags.front());
  EXPECT_FALSE(model.flags[1]);
  EXPECT_TRUE(model.flags.back());
}

}  // namespace
}  // namespace flujo::run
