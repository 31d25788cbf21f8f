// optim::clip_grad_norm: torch.nn.utils.clip_grad_norm_ over the whole flat gradient buffer.
#include <gtest/gtest.h>

#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo {
namespace {
// Global norm 5 spread over two parameters.
ParameterStore make_store(const std::vector<float>& gradient = {3.0f, 0.0f, 4.0f}) {
  ParameterStore store;
  store.add("a", {1});
  store.add("b", {2});
  std::copy(gradient.begin(), gradient.end(), store.grads());
  return store;
}

TEST(ClipGradNorm, BelowTheThresholdReturnsTheNormAndLeavesGradients) {
  ParameterStore store = make_store();
  EXPECT_DOUBLE_EQ(optim::clip_grad_norm(store, 10.0), 5.0);
  EXPECT_EQ(store.grads()[0], 3.0f);
  EXPECT_EQ(store.grads()[1], 0.0f);
  EXPECT_EQ(store.grads()[2], 4.0f);
}

TEST(ClipGradNorm, AboveTheThresholdScalesByTorchsClipCoefficient) {
  ParameterStore store = make_store();
  EXPECT_DOUBLE_EQ(optim::clip_grad_norm(store, 1.0), 5.0);
  const float coef = static_cast<float>(1.0 / (5.0 + 1e-6));
  EXPECT_EQ(store.grads()[0], 3.0f * coef);
  EXPECT_EQ(store.grads()[1], 0.0f);
  EXPECT_EQ(store.grads()[2], 4.0f * coef);
  // The clipped norm is max_norm up to torch's 1e-6 guard and float rounding of the gradients.
  EXPECT_NEAR(optim::clip_grad_norm(store, 10.0), 1.0, 1e-6);
}

TEST(ClipGradNorm, AtTheThresholdTheGuardStillScalesSlightly) {
  // clip_coef = 5 / (5 + 1e-6) < 1, as in torch.
  ParameterStore store = make_store();
  optim::clip_grad_norm(store, 5.0);
  EXPECT_LT(store.grads()[2], 4.0f);
  EXPECT_NEAR(store.grads()[2], 4.0, 1e-6);
}

TEST(ClipGradNorm, NormIsAccumulatedInDouble) {
  // Squares of 3e20 overflow float32 but not double.
  ParameterStore store = make_store({3e20f, 0.0f, 4e20f});
  const double norm = optim::clip_grad_norm(store, 1.0);
  EXPECT_NEAR(norm / 5e20, 1.0, 1e-7);
  EXPECT_NEAR(store.grads()[0], 0.6, 1e-6);
  EXPECT_NEAR(store.grads()[2], 0.8, 1e-6);
}

TEST(ClipGradNorm, ZeroGradientStaysZero) {
  ParameterStore store = make_store({0.0f, 0.0f, 0.0f});
  EXPECT_EQ(optim::clip_grad_norm(store, 1.0), 0.0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(store.grads()[i], 0.0f);
}

TEST(ClipGradNorm, RejectsNonPositiveMaxNorm) {
  ParameterStore store = make_store();
  EXPECT_THROW(optim::clip_grad_norm(store, 0.0), Error);
  EXPECT_THROW(optim::clip_grad_norm(store, -1.0), Error);
}

}  // namespace
}  // namespace flujo
