#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::kFloat32Smooth;
using testing::random_tensor;

TEST(MseLoss, IsTheMeanOfSquaredDifferences) {
  Tape tape;
  Tensor prediction = Tensor::from({2, 2}, {1, 2, 3, 4}), target = Tensor::from({2, 2}, {0, 2, 5, 4});
  Var loss = mse_loss(tape.constant(prediction.view()), tape.constant(target.view()));
  EXPECT_EQ(loss.shape(), Shape{});
  EXPECT_FLOAT_EQ(loss.value()[0], 1.25f);  // (1 + 0 + 4 + 0) / 4
}

TEST(MseLoss, GradientsMatchFiniteDifferences) {
  Tensor prediction = random_tensor({2, 3, 2}, 1), target = random_tensor({2, 3, 2}, 2);
  Tensor dprediction(prediction.shape()), dtarget(target.shape());
  auto forward = [&](Tape& t) {
    return mse_loss(t.input(prediction.view(), dprediction.view()),
                    t.input(target.view(), dtarget.view()));
  };
  EXPECT_EQ(check_gradients(forward,
                            {{"prediction", prediction.view(), dprediction.view()},
                             {"target", target.view(), dtarget.view()}},
                            kFloat32Smooth),
            "");
}

TEST(MseLoss, RejectsDifferentOrEmptyShapes) {
  Tape tape;
  Tensor a({2, 3}), b({3, 2}), empty({0});
  EXPECT_THROW(mse_loss(tape.constant(a.view()), tape.constant(b.view())), Error);
  EXPECT_THROW(mse_loss(tape.constant(empty.view()), tape.constant(empty.view())), Error);
}

TEST(CrossEntropy, IsTheMeanNegativeLogLikelihood) {
  Tape tape;
  // Row 0: softmax (1, 2, 3) / 6, target 2 -> -log(1/2). Row 1: uniform, target 1 -> log 3.
  Tensor logits = Tensor::from({2, 3}, {0, std::log(2.0f), std::log(3.0f), 7, 7, 7});
  const std::vector<int32_t> targets{2, 1};
  Var loss = cross_entropy(tape.constant(logits.view()), targets);
  EXPECT_EQ(loss.shape(), Shape{});
  EXPECT_NEAR(loss.value()[0], (std::log(2.0) + std::log(3.0)) / 2, 1e-6);
}

TEST(CrossEntropy, LargeLogitsStayFinite) {
  Tape tape;
  Tensor logits = Tensor::from({1, 2}, {1000, 0});
  const std::vector<int32_t> targets{1};
  EXPECT_FLOAT_EQ(cross_entropy(tape.constant(logits.view()), targets).value()[0], 1000.0f);
}

TEST(CrossEntropy, GradientsMatchFiniteDifferences) {
  Tensor logits = random_tensor({4, 5}, 3, -2, 2), dlogits(logits.shape());
  const std::vector<int32_t> targets{4, 0, 2, 0};
  auto forward = [&](Tape& t) {
    return cross_entropy(t.input(logits.view(), dlogits.view()), targets);
  };
  EXPECT_EQ(check_gradients(forward, {{"logits", logits.view(), dlogits.view()}}, kFloat32Smooth),
            "");
}

TEST(CrossEntropy, RejectsBadTargetsAndShapes) {
  Tape tape;
  Tensor logits({2, 3}), sequence({2, 2, 3});
  Var l = tape.constant(logits.view());
  const std::vector<int32_t> too_large{0, 3}, ignore_index{-100, 0}, too_few{0};
  const std::vector<int32_t> fine{0, 2};
  EXPECT_THROW(cross_entropy(l, too_large), Error);
  EXPECT_THROW(cross_entropy(l, ignore_index), Error);
  EXPECT_THROW(cross_entropy(l, too_few), Error);
  EXPECT_THROW(cross_entropy(tape.constant(sequence.view()), fine), Error);
  EXPECT_NO_THROW(cross_entropy(l, fine));
}

}  // namespace
}  // namespace flujo
