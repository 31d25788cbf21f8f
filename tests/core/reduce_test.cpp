#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

TEST(Reduce, SumAndMeanAreScalars) {
  Tape tape;
  Tensor x = Tensor::from({2, 3}, {1, 2, 3, 4, 5, -3});
  Var total = sum(tape.constant(x.view()));
  Var average = mean(tape.constant(x.view()));
  EXPECT_EQ(total.shape(), Shape{});
  EXPECT_EQ(total.shape().numel(), 1);
  EXPECT_FLOAT_EQ(total.value()[0], 12);
  EXPECT_FLOAT_EQ(average.value()[0], 2);
}

TEST(Reduce, SumOfNothingIsZero) {
  Tape tape;
  Tensor x({0, 3});
  EXPECT_EQ(sum(tape.constant(x.view())).value()[0], 0.0f);
}

TEST(Reduce, BackwardFromMeanSpreadsOneOverN) {
  Tensor x = random_tensor({4}, 1), dx({4});
  Tape tape;
  tape.backward(mean(tape.input(x.view(), dx.view())));
  for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(dx[i], 0.25f);
}

TEST(Reduce, GradientsMatchFiniteDifferences) {
  for (Var (*op)(Var) : {sum, mean}) {
    Tensor x = random_tensor({2, 3, 2}, 2);
    Tensor dx(x.shape());
    auto forward = [&](Tape& t) { return op(t.input(x.view(), dx.view())); };
    EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}}, testing::kFloat32Smooth), "");
  }
}

TEST(Reduce, MeanOfNothingIsAnError) {
  Tape tape;
  Tensor x({2, 0});
  EXPECT_THROW(mean(tape.constant(x.view())), Error);
}

}  // namespace
}  // namespace flujo
