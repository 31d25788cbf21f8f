#include <gtest/gtest.h>

#include "flujo/core/ops.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

// Values of each activation at x = -1, 0, 0.5, 2 (tanh, logistic, x·Φ(x) and eˣ from tables).
const std::vector<float> kInputs{-1, 0, 0.5f, 2};

void expect_values(Var (*op)(Var), const std::vector<float>& expected) {
  Tape tape;
  Tensor x = Tensor::from({4}, kInputs);
  Var y = op(tape.constant(x.view()));
  ASSERT_EQ(y.shape(), x.shape());
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(y.value()[i], expected[i], 1e-6) << "element " << i;
}

TEST(Activations, ForwardMatchesTabulatedValues) {
  expect_values(tanh, {-0.76159416f, 0, 0.46211716f, 0.96402758f});
  expect_values(sigmoid, {0.26894142f, 0.5f, 0.62245933f, 0.88079708f});
  expect_values(relu, {0, 0, 0.5f, 2});
  expect_values(gelu, {-0.15865525f, 0, 0.34573123f, 1.95449974f});
  expect_values(exp, {0.36787944f, 1, 1.64872127f, 7.3890561f});
  Tape tape;
  const Tensor squares = Tensor::from({3}, {0.25f, 2, 9});
  const Var roots = sqrt(tape.constant(squares.view()));
  EXPECT_EQ(roots.value()[0], 0.5f);
  EXPECT_NEAR(roots.value()[1], 1.41421356f, 1e-6);
  EXPECT_EQ(roots.value()[2], 3.0f);
}

TEST(Activations, SigmoidSaturatesWithoutNaN) {
  Tape tape;
  Tensor x = Tensor::from({2}, {-200, 200});
  Var y = sigmoid(tape.constant(x.view()));
  EXPECT_EQ(y.value()[0], 0.0f);
  EXPECT_EQ(y.value()[1], 1.0f);
}

void expect_gradients(Var (*op)(Var), Tensor x, testing::GradTolerance tolerance) {
  Tensor dx(x.shape());
  auto forward = [&](Tape& t) { return op(t.input(x.view(), dx.view())); };
  EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}}, tolerance), "");
}

TEST(Activations, SmoothGradientsMatchFiniteDifferences) {
  expect_gradients(tanh, random_tensor({2, 3}, 1, -2, 2), testing::kFloat32Smooth);
  expect_gradients(sigmoid, random_tensor({2, 3}, 2, -3, 3), testing::kFloat32Smooth);
  expect_gradients(gelu, random_tensor({2, 3}, 3, -3, 3), testing::kFloat32Smooth);
  expect_gradients(exp, random_tensor({2, 3}, 5, -2, 2), testing::kFloat32Smooth);
  expect_gradients(sqrt, random_tensor({2, 3}, 6, 0.2f, 3), testing::kFloat32Smooth);  // away from 0
}

TEST(Activations, ReluGradientMatchesFiniteDifferencesAwayFromTheKink) {
  Tensor x = random_tensor({3, 4}, 4);
  // Push every input at least 0.1 from 0, far beyond the finite-difference step.
  for (int64_t i = 0; i < x.numel(); ++i) x[i] += x[i] >= 0 ? 0.1f : -0.1f;
  expect_gradients(relu, x, testing::kFloat32Kinked);
}

TEST(Activations, GeluMatchesPyTorch) {
  const testing::Fixture f = testing::Fixture::load("gelu.bin");
  Tensor x = f.tensor("x"), dx(x.shape());
  Tape tape;
  Var y = gelu(tape.input(x.view(), dx.view()));
  EXPECT_TRUE(testing::expect_close(y.value(), f.tensor("y").view(), testing::kPyTorchParity, "y"));
  tape.backward(y, f.tensor("dy").view());
  EXPECT_TRUE(testing::expect_close(dx.view(), f.tensor("dx").view(), testing::kPyTorchParity,
                                    "dx"));
}

}  // namespace
}  // namespace flujo
