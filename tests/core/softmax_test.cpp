#include <gtest/gtest.h>

#include <cmath>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

TEST(Softmax, ForwardMatchesHandComputationRowByRow) {
  Tape tape;
  // exp of row 0 is (1, 2, 3), so its softmax is (1, 2, 3) / 6; row 1 is uniform.
  Tensor x = Tensor::from({2, 3}, {0, std::log(2.0f), std::log(3.0f), 5, 5, 5});
  Var y = softmax(tape.constant(x.view()));
  Var log_y = log_softmax(tape.constant(x.view()));
  const std::vector<float> expected{1.0f / 6, 2.0f / 6, 3.0f / 6, 1.0f / 3, 1.0f / 3, 1.0f / 3};
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(y.value()[i], expected[i], 1e-6);
    EXPECT_NEAR(log_y.value()[i], std::log(expected[i]), 1e-6);
  }
}

TEST(Softmax, LargeLogitsStayFinite) {
  Tape tape;
  Tensor x = Tensor::from({2, 2}, {1000, 1000, 1000, 0});
  Var y = softmax(tape.constant(x.view()));
  Var log_y = log_softmax(tape.constant(x.view()));
  EXPECT_FLOAT_EQ(y.value()[0], 0.5f);
  EXPECT_FLOAT_EQ(y.value()[1], 0.5f);
  EXPECT_FLOAT_EQ(y.value()[2], 1.0f);
  EXPECT_FLOAT_EQ(y.value()[3], 0.0f);
  EXPECT_FLOAT_EQ(log_y.value()[2], 0.0f);
  EXPECT_FLOAT_EQ(log_y.value()[3], -1000.0f);
}

TEST(Softmax, GradientsMatchFiniteDifferences) {
  for (Var (*op)(Var) : {softmax, log_softmax}) {
    Tensor x = random_tensor({2, 3, 4}, 1, -3, 3);
    Tensor dx(x.shape());
    auto forward = [&](Tape& t) { return op(t.input(x.view(), dx.view())); };
    EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}}, testing::kFloat32Smooth), "");
  }
}

TEST(Softmax, RejectsScalarsAndEmptyLastAxis) {
  Tape tape;
  Tensor scalar(Shape{}), empty_rows({2, 0});
  EXPECT_THROW(softmax(tape.constant(scalar.view())), Error);
  EXPECT_THROW(log_softmax(tape.constant(empty_rows.view())), Error);
}

}  // namespace
}  // namespace flujo
