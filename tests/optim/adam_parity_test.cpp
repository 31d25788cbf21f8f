// optim::Adam against torch.optim.Adam (tests/fixtures/adam_3steps.bin): two parameters "w" (3, 4)
// and "b" (4), three steps with stored gradients, lr 1e-2, default betas and eps, weight decay 0
// and 0.1 (L2 added to the gradient); the parameters are compared after every step.
#include <gtest/gtest.h>

#include <string>

#include "flujo/optim.hpp"
#include "support/fixture.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

constexpr int kSteps = 3;
constexpr double kLearningRate = 1e-2;  // as in make_fixtures.py

struct AdamCase {
  const char* label;  // the fixture's name prefix for this case
  double weight_decay;
};

class AdamParity : public ::testing::TestWithParam<AdamCase> {};

TEST_P(AdamParity, EveryStepMatchesPyTorch) {
  const AdamCase c = GetParam();
  const Fixture f = Fixture::load("adam_3steps.bin");
  ParameterStore store;
  const std::vector<std::string> names{"w", "b"};
  for (const std::string& name : names) store.add(name, f.shape(name));
  for (const std::string& name : names)
    store.value(store.find(name)).copy_from(f.tensor(name).view());

  optim::Adam adam(store, {.lr = kLearningRate, .weight_decay = c.weight_decay});
  for (int step = 1; step <= kSteps; ++step) {
    const std::string suffix = "step" + std::to_string(step) + ".";
    for (const std::string& name : names)
      store.grad(store.find(name)).copy_from(f.tensor("grad." + suffix + name).view());
    adam.step();
    for (const std::string& name : names) {
      const std::string expected = std::string(c.label) + "." + suffix + name;
      EXPECT_TRUE(expect_close(store.value(store.find(name)), f.tensor(expected).view(),
                               kPyTorchParity, expected));
    }
  }
  EXPECT_EQ(adam.steps_taken(), kSteps);
}

INSTANTIATE_TEST_SUITE_P(WeightDecay, AdamParity,
                         ::testing::Values(AdamCase{"decay_0", 0.0}, AdamCase{"decay_0.1", 0.1}),
                         [](const auto& info) { return info.index == 0 ? "None" : "L2"; });

}  // namespace
}  // namespace flujo
