// The gradient-check harness must be able to fail: each deliberately broken op below has a
// forward or backward bug of a kind a real kernel could have, and check_gradients must report it.
#include <gtest/gtest.h>

#include "flujo/core/tape.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::kFloat32Smooth;
using testing::random_tensor;

enum class Bug { none, overwrites, skips_element, wrong_factor, forward_skips_element };

// y = x², with d/dx = 2x, and the chosen bug.
Var square(Var x, Bug bug) {
  Tape& tape = *x.tape;
  Var y = tape.make(x.shape(), true);
  const int64_t first = bug == Bug::forward_skips_element ? 1 : 0;
  for (int64_t i = first; i < x.value().numel(); ++i) y.value()[i] = x.value()[i] * x.value()[i];
  tape.record([=] {
    TensorView dx = x.grad(), dy = y.grad(), v = x.value();
    for (int64_t i = bug == Bug::skips_element ? 1 : 0; i < dx.numel(); ++i) {
      const float factor = bug == Bug::wrong_factor ? 1.0f : 2.0f;
      if (bug == Bug::overwrites)
        dx[i] = factor * v[i] * dy[i];
      else
        dx[i] += factor * v[i] * dy[i];
    }
  });
  return y;
}

std::string check_square(Bug bug) {
  Tensor x = random_tensor({2, 3}, 1), dx(x.shape());
  auto forward = [&](Tape& t) { return square(t.input(x.view(), dx.view()), bug); };
  return check_gradients(forward, {{"x", x.view(), dx.view()}}, kFloat32Smooth);
}

TEST(GradCheck, PassesACorrectOp) { EXPECT_EQ(check_square(Bug::none), ""); }

TEST(GradCheck, CatchesABackwardThatOverwritesInsteadOfAdding) {
  EXPECT_NE(check_square(Bug::overwrites), "");
}

TEST(GradCheck, CatchesABackwardThatSkipsAnElement) {
  EXPECT_NE(check_square(Bug::skips_element), "");
}

TEST(GradCheck, CatchesABackwardWithAWrongFactor) {
  EXPECT_NE(check_square(Bug::wrong_factor), "");
}

TEST(GradCheck, CatchesAForwardThatLeavesAnOutputUnwritten) {
  EXPECT_NE(check_square(Bug::forward_skips_element), "");
}

}  // namespace
}  // namespace flujo
