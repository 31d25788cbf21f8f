#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::kFloat32Smooth;
using testing::random_tensor;

TEST(Add, SameShapeAndRowBroadcastMatchHandComputation) {
  Tape tape;
  Tensor a = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::from({2, 3}, {10, 20, 30, 40, 50, 60});
  Tensor row = Tensor::from({3}, {0.5f, -1, 2});
  Var same = add(tape.constant(a.view()), tape.constant(b.view()));
  Var broadcast = add(tape.constant(a.view()), tape.constant(row.view()));
  EXPECT_EQ(broadcast.shape(), (Shape{2, 3}));
  const std::vector<float> expected_same{11, 22, 33, 44, 55, 66};
  const std::vector<float> expected_broadcast{1.5f, 1, 5, 4.5f, 4, 8};
  for (int i = 0; i < 6; ++i) {
    EXPECT_FLOAT_EQ(same.value()[i], expected_same[i]);
    EXPECT_FLOAT_EQ(broadcast.value()[i], expected_broadcast[i]);
  }
  EXPECT_FALSE(same.requires_grad());
}

TEST(Mul, SameShapeAndRowBroadcastMatchHandComputation) {
  Tape tape;
  Tensor a = Tensor::from({2, 2}, {1, 2, 3, 4});
  Tensor b = Tensor::from({2, 2}, {-1, 0.5f, 2, 3});
  Tensor row = Tensor::from({2}, {10, -2});
  Var same = mul(tape.constant(a.view()), tape.constant(b.view()));
  Var broadcast = mul(tape.constant(a.view()), tape.constant(row.view()));
  const std::vector<float> expected_same{-1, 1, 6, 12};
  const std::vector<float> expected_broadcast{10, -4, 30, -8};
  for (int i = 0; i < 4; ++i) {
    EXPECT_FLOAT_EQ(same.value()[i], expected_same[i]);
    EXPECT_FLOAT_EQ(broadcast.value()[i], expected_broadcast[i]);
  }
}

TEST(Scale, MultipliesEveryElement) {
  Tape tape;
  Tensor a = Tensor::from({3}, {1, -2, 0.25f});
  Var y = scale(tape.constant(a.view()), -4.0f);
  EXPECT_FLOAT_EQ(y.value()[0], -4);
  EXPECT_FLOAT_EQ(y.value()[1], 8);
  EXPECT_FLOAT_EQ(y.value()[2], -1);
}

// Checks add or mul with b either of a's shape or one row, both operands wanting gradients.
void expect_binary_gradients(Var (*op)(Var, Var), Shape b_shape) {
  Tensor a = random_tensor({2, 3, 4}, 1), b = random_tensor(b_shape, 2);
  Tensor da(a.shape()), db(b.shape());
  auto forward = [&](Tape& t) { return op(t.input(a.view(), da.view()), t.input(b.view(), db.view())); };
  EXPECT_EQ(check_gradients(forward, {{"a", a.view(), da.view()}, {"b", b.view(), db.view()}},
                            kFloat32Smooth),
            "");
}

TEST(Add, GradientsMatchFiniteDifferences) {
  expect_binary_gradients(add, {2, 3, 4});
  expect_binary_gradients(add, {4});
}

TEST(Mul, GradientsMatchFiniteDifferences) {
  expect_binary_gradients(mul, {2, 3, 4});
  expect_binary_gradients(mul, {4});
}

TEST(Mul, GradientOfOneOperandWhenTheOtherIsConstant) {
  Tensor a = random_tensor({3, 2}, 3), b = random_tensor({2}, 4);
  Tensor db(b.shape());
  auto forward = [&](Tape& t) { return mul(t.constant(a.view()), t.input(b.view(), db.view())); };
  EXPECT_EQ(check_gradients(forward, {{"b", b.view(), db.view()}}, kFloat32Smooth), "");
}

TEST(Scale, GradientsMatchFiniteDifferences) {
  Tensor a = random_tensor({2, 3}, 5);
  Tensor da(a.shape());
  auto forward = [&](Tape& t) { return scale(t.input(a.view(), da.view()), -1.5f); };
  EXPECT_EQ(check_gradients(forward, {{"a", a.view(), da.view()}}, kFloat32Smooth), "");
}

TEST(Add, RejectsShapesThatNeitherMatchNorBroadcast) {
  Tape tape;
  Tensor a({2, 3}), column({2}), transposed({3, 2});
  EXPECT_THROW(add(tape.constant(a.view()), tape.constant(column.view())), Error);
  EXPECT_THROW(mul(tape.constant(a.view()), tape.constant(transposed.view())), Error);
  // Only b broadcasts: a row on the left is an error, not a silent broadcast.
  Tensor row({3});
  EXPECT_THROW(add(tape.constant(row.view()), tape.constant(a.view())), Error);
}

}  // namespace
}  // namespace flujo
