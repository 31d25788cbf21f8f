// optim::Adam and optim::AdamW against torch.optim's formulas evaluated by hand in double (the
// multi-step values come from the same formulas in Python, double precision). The comparison
// with PyTorch itself is adam_parity_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"
#include "optim/optimizer_fixture.hpp"

namespace flujo {
namespace {
using namespace testing;  // make_store, set_gradient, expect_values

void run(optim::Optimizer& optimizer, ParameterStore& store, int steps) {
  for (int s = 0; s < steps; ++s) {
    set_gradient(store, kGradients[s]);
    optimizer.step();
  }
  EXPECT_EQ(optimizer.steps_taken(), steps);
}

TEST(Adam, FirstStepMovesEachValueByLearningRateAgainstTheGradientSign) {
  // After bias correction m̂ = g and v̂ = g², so the step is lr·g/(|g| + eps).
  ParameterStore store = make_store();
  optim::Adam adam(store, {.lr = 0.01});
  run(adam, store, 1);
  expect_values(store.values(), {0.99, -2.01, 0.51});
}

TEST(Adam, ThreeStepsWithMomentsMatchTheFormulas) {
  ParameterStore store = make_store();
  optim::Adam adam(store, {.lr = 0.01});
  run(adam, store, 3);
  expect_values(store.values(), {0.980755514, -2.02450287, 0.510944143});
  const auto state = adam.state_buffers();
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(state[0].name, "exp_avg");
  EXPECT_EQ(state[1].name, "exp_avg_sq");
  expect_values(state[0].values->data(), {0.118, 0.0985, -0.002});
  expect_values(state[1].values->data(), {0.00131193775, 0.0018099385, 0.006302254});
}

TEST(Adam, WeightDecayIsAddedToTheGradient) {
  // g + 1.0·p = (1.5, −1, −1.5): the middle value now moves up.
  ParameterStore store = make_store();
  optim::Adam adam(store, {.lr = 0.01, .weight_decay = 1.0});
  run(adam, store, 1);
  expect_values(store.values(), {0.99, -1.99, 0.51});
}

TEST(Adam, WeightDecayOverThreeSteps) {
  ParameterStore store = make_store();
  optim::Adam adam(store, {.lr = 0.01, .weight_decay = 0.1});
  run(adam, store, 3);
  expect_values(store.values(), {0.977977555, -2.02208491, 0.510310231});
  expect_values(adam.state_buffers()[0].values->data(),
                {0.144863192, 0.0440126413, 0.0117460945});
}

TEST(AdamW, DecayShrinksTheParameterBeforeTheAdamStep) {
  // p·(1 − 0.01·0.5) − 0.01·sign(g); L2 decay would instead zero the middle gradient.
  ParameterStore store = make_store();
  optim::AdamW adamw(store, {.lr = 0.01, .weight_decay = 0.5});
  run(adamw, store, 1);
  expect_values(store.values(), {0.985, -2.0, 0.5075});
}

TEST(AdamW, ParametersFlaggedWithoutDecayOnlyFollowTheirGradient) {
  // As the first test, with "b" added as a bias: 0.5 − 0.01·sign(−2), not shrunk first.
  ParameterStore store = make_store({.weight_decay = false});
  optim::AdamW adamw(store, {.lr = 0.01, .weight_decay = 0.5});
  run(adamw, store, 1);
  expect_values(store.values(), {0.985, -2.0, 0.51});
}

TEST(AdamW, ThreeStepsLeaveTheMomentsUndecayed) {
  ParameterStore store = make_store();
  optim::AdamW adamw(store, {.lr = 0.01, .weight_decay = 0.1});
  run(adamw, store, 3);
  expect_values(store.values(), {0.977781166, -2.01847905, 0.509424759});
  expect_values(adamw.state_buffers()[0].values->data(), {0.118, 0.0985, -0.002});
}

TEST(Adam, ResumingFromStateBuffersMatchesAnUninterruptedRun) {
  const optim::AdamOptions options{.lr = 0.01, .weight_decay = 0.1};
  ParameterStore store = make_store();
  optim::Adam adam(store, options);
  run(adam, store, 2);
  ParameterStore resumed_store = make_store();
  std::copy(store.values(), store.values() + store.numel(), resumed_store.values());
  optim::Adam resumed(resumed_store, options);
  const auto source = adam.state_buffers();
  const auto target = resumed.state_buffers();
  for (size_t b = 0; b < source.size(); ++b) *target[b].values = *source[b].values;
  resumed.set_steps_taken(adam.steps_taken());

  set_gradient(store, kGradients[2]);
  set_gradient(resumed_store, kGradients[2]);
  adam.step();
  resumed.step();
  for (int64_t i = 0; i < store.numel(); ++i)
    EXPECT_EQ(resumed_store.values()[i], store.values()[i]);
}

TEST(Adam, RejectsBadOptions) {
  ParameterStore store = make_store();
  EXPECT_THROW(optim::Adam(store, {.lr = -1}), Error);
  EXPECT_THROW(optim::Adam(store, {.beta1 = 1.0}), Error);
  EXPECT_THROW(optim::Adam(store, {.beta2 = -0.1}), Error);
  EXPECT_THROW(optim::Adam(store, {.eps = -1e-8}), Error);
  EXPECT_THROW(optim::AdamW(store, {.weight_decay = -0.01}), Error);
}

}  // namespace
}  // namespace flujo
