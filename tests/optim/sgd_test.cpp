// optim::Sgd against torch.optim.SGD's formulas evaluated by hand in double (the multi-step
// values come from the same formulas in Python, double precision), and make_optimizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"
#include "optim/optimizer_fixture.hpp"

namespace flujo {
namespace {
using namespace testing;  // make_store, set_gradient, expect_values

// Runs `steps` steps with kGradients and returns the store.
ParameterStore run(optim::SgdOptions options, int steps, std::vector<float>* momentum = nullptr) {
  ParameterStore store = make_store();
  optim::Sgd sgd(store, options);
  for (int s = 0; s < steps; ++s) {
    set_gradient(store, kGradients[s]);
    sgd.step();
  }
  EXPECT_EQ(sgd.steps_taken(), steps);
  if (momentum) *momentum = *sgd.state_buffers().at(0).values;
  return store;
}

TEST(Sgd, PlainStepIsMinusLearningRateTimesGradient) {
  ParameterStore store = run({.lr = 0.1}, 1);
  expect_values(store.values(), {0.95, -2.1, 0.7});
}

TEST(Sgd, WeightDecayAddsL2ToTheGradient) {
  // d = g + 0.1·p = (0.6, 0.8, −1.95)
  ParameterStore store = run({.lr = 0.1, .weight_decay = 0.1}, 1);
  expect_values(store.values(), {0.94, -2.08, 0.695});
}

TEST(Sgd, WeightDecaySkipsParametersFlaggedWithout) {
  // As above with "b" a bias: its step is the plain 0.5 − 0.1·(−2).
  ParameterStore store = make_store({.weight_decay = false});
  optim::Sgd sgd(store, {.lr = 0.1, .weight_decay = 0.1});
  set_gradient(store, kGradients[0]);
  sgd.step();
  expect_values(store.values(), {0.94, -2.08, 0.7});
}

TEST(Sgd, FirstMomentumStepCopiesTheGradient) {
  // The same gradient g three times, momentum 0.9, dampening 0.5: torch starts the buffer at g
  // (not (1 − dampening)·g), then 0.9·g + 0.5·g = 1.4·g, then 0.9·1.4·g + 0.5·g = 1.76·g.
  // p3 = p − 0.1·(1 + 1.4 + 1.76)·g.
  ParameterStore store = make_store();
  optim::Sgd sgd(store, {.lr = 0.1, .momentum = 0.9, .dampening = 0.5});
  for (int s = 0; s < 3; ++s) {
    set_gradient(store, kGradients[0]);
    sgd.step();
  }
  expect_values(store.values(), {0.792, -2.416, 1.332});
  const auto state = sgd.state_buffers();
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state[0].name, "momentum_buffer");
  expect_values(state[0].values->data(), {0.88, 1.76, -3.52});
}

TEST(Sgd, NesterovLooksAheadAlongTheBuffer) {
  // Constant g, momentum 0.9: buffers g, 1.9·g; updates g + 0.9·g, g + 0.9·1.9·g.
  ParameterStore store = make_store();
  optim::Sgd sgd(store, {.lr = 0.1, .momentum = 0.9, .nesterov = true});
  for (int s = 0; s < 2; ++s) {
    set_gradient(store, kGradients[0]);
    sgd.step();
  }
  expect_values(store.values(), {0.7695, -2.461, 1.422});
}

TEST(Sgd, MomentumWithWeightDecayOverVaryingGradients) {
  std::vector<float> momentum;
  ParameterStore store = run({.lr = 0.1, .momentum = 0.9, .weight_decay = 0.01}, 3, &momentum);
  expect_values(store.values(), {0.806559749, -2.3518347, 0.728587599});
  expect_values(momentum.data(), {1.20591251, 0.92732698, -0.002370995});
}

TEST(Sgd, NesterovWithWeightDecayOverVaryingGradients) {
  std::vector<float> momentum;
  ParameterStore store =
      run({.lr = 0.1, .momentum = 0.9, .weight_decay = 0.01, .nesterov = true}, 3, &momentum);
  expect_values(store.values(), {0.698189208, -2.43477994, 0.728265722});
  expect_values(momentum.data(), {1.20530364, 0.925084938, -0.00049880195});
}

TEST(Sgd, WithoutMomentumThereIsNoState) {
  ParameterStore store = make_store();
  optim::Sgd sgd(store, {.lr = 0.1});
  EXPECT_TRUE(sgd.state_buffers().empty());
}

TEST(Sgd, ResumingFromStateBuffersMatchesAnUninterruptedRun) {
  const optim::SgdOptions options{.lr = 0.1, .momentum = 0.9, .dampening = 0.2};
  ParameterStore store = make_store();
  optim::Sgd sgd(store, options);
  for (int s = 0; s < 2; ++s) {
    set_gradient(store, kGradients[s]);
    sgd.step();
  }
  ParameterStore resumed_store = make_store();
  std::copy(store.values(), store.values() + store.numel(), resumed_store.values());
  optim::Sgd resumed(resumed_store, options);
  *resumed.state_buffers()[0].values = *sgd.state_buffers()[0].values;
  resumed.set_steps_taken(sgd.steps_taken());

  set_gradient(store, kGradients[2]);
  set_gradient(resumed_store, kGradients[2]);
  sgd.step();
  resumed.step();
  for (int64_t i = 0; i < store.numel(); ++i)
    EXPECT_EQ(resumed_store.values()[i], store.values()[i]);
}

TEST(Sgd, LearningRateCanChangeBetweenSteps) {
  ParameterStore store = make_store();
  optim::Sgd sgd(store, {.lr = 0.1});
  sgd.set_learning_rate(0.2);
  EXPECT_EQ(sgd.learning_rate(), 0.2);
  set_gradient(store, kGradients[0]);
  sgd.step();
  expect_values(store.values(), {0.9, -2.2, 0.9});
}

TEST(Sgd, RejectsBadOptions) {
  ParameterStore store = make_store();
  EXPECT_THROW(optim::Sgd(store, {.lr = -0.1}), Error);
  EXPECT_THROW(optim::Sgd(store, {.momentum = -0.5}), Error);
  EXPECT_THROW(optim::Sgd(store, {.weight_decay = -1}), Error);
  EXPECT_THROW(optim::Sgd(store, {.nesterov = true}), Error);
  EXPECT_THROW(optim::Sgd(store, {.momentum = 0.9, .dampening = 0.1, .nesterov = true}), Error);
}

TEST(MakeOptimizer, BuildsEachKindWithTheLearningRate) {
  ParameterStore store = make_store();
  auto sgd = optim::make_optimizer("sgd", store, 0.05);
  EXPECT_NE(dynamic_cast<optim::Sgd*>(sgd.get()), nullptr);
  EXPECT_EQ(sgd->learning_rate(), 0.05);
  auto adam = optim::make_optimizer("adam", store, 0.002);
  EXPECT_NE(dynamic_cast<optim::Adam*>(adam.get()), nullptr);
  EXPECT_EQ(dynamic_cast<optim::AdamW*>(adam.get()), nullptr);
  EXPECT_EQ(adam->learning_rate(), 0.002);
  auto adamw = optim::make_optimizer("adamw", store, 0.003);
  EXPECT_NE(dynamic_cast<optim::AdamW*>(adamw.get()), nullptr);
  EXPECT_EQ(adamw->learning_rate(), 0.003);
}

TEST(MakeOptimizer, UnknownNameIsAnErrorNamingIt) {
  ParameterStore store = make_store();
  try {
    optim::make_optimizer("rmsprop", store, 0.01);
    FAIL() << "no error for an unknown optimizer";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'rmsprop'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flujo
