// batch_norm2d: training normalises each channel with the batch's moments and moves the running
// statistics (the variance unbiased), evaluation normalises with them and leaves them alone; the
// finite-difference check in both modes, with and without the affine part; PyTorch's
// nn.BatchNorm2d (tests/fixtures/batch_norm.bin), one training step then evaluation, forward,
// backward and the running statistics; and one-line errors for impossible shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/error_message.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;
using testing::random_tensor;

TEST(BatchNorm2d, TrainingNormalisesEachChannelAndEvaluationUsesTheRunningStatistics) {
  const int64_t batch = 3, channels = 4, plane = 5 * 3, n = batch * plane;
  Tensor x = random_tensor({batch, channels, 5, 3}, 1, -3.0f, 5.0f);
  Tensor running_mean({channels}, 0.0f), running_var({channels}, 1.0f);  // nn.BatchNorm2d's start
  Tape tape;
  Var y = batch_norm2d(tape.constant(x.view()), Var{}, Var{}, running_mean.view(),
                       running_var.view(), true);
  // Evaluation after the step: it reads the moved statistics, and the checks below, made after
  // it, find them as the step left them.
  Var evaluated = batch_norm2d(tape.constant(x.view()), Var{}, Var{}, running_mean.view(),
                               running_var.view(), false);
  auto at = [&](int64_t b, int64_t c, int64_t i) { return (b * channels + c) * plane + i; };
  for (int64_t c = 0; c < channels; ++c) {
    double x_total = 0.0, x_squares = 0.0, y_total = 0.0, y_squares = 0.0;
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t i = 0; i < plane; ++i) x_total += x[at(b, c, i)];
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t i = 0; i < plane; ++i) {
        x_squares += std::pow(x[at(b, c, i)] - x_total / n, 2);
        y_total += y.value()[at(b, c, i)];
        y_squares += std::pow(y.value()[at(b, c, i)], 2);
      }
    EXPECT_NEAR(y_total / n, 0.0, 1e-6) << "channel " << c;
    // The biased variance of the output is var / (var + eps), a hair under 1.
    EXPECT_NEAR(y_squares / n, 1.0, 1e-4) << "channel " << c;
    // The default momentum 0.1 from mean 0 and variance 1; the variance unbiased, / (N − 1).
    EXPECT_NEAR(running_mean[c], 0.1 * x_total / n, 1e-6) << "channel " << c;
    EXPECT_NEAR(running_var[c], 0.9 + 0.1 * x_squares / (n - 1), 1e-5) << "channel " << c;
    const double rstd = 1.0 / std::sqrt(running_var[c] + 1e-5);
    for (int64_t i : {at(0, c, 0), at(batch - 1, c, plane - 1)})
      EXPECT_NEAR(evaluated.value()[i], (x[i] - running_mean[c]) * rstd, 1e-5) << "channel " << c;
  }
}

TEST(BatchNorm2d, GradientsMatchFiniteDifferences) {
  for (const bool training : {true, false})
    for (const bool affine : {true, false}) {
      Tensor x = random_tensor({2, 3, 3, 5}, 2, -2.0f, 2.0f), weight = random_tensor({3}, 3),
             bias = random_tensor({3}, 4);
      Tensor running_mean = random_tensor({3}, 5), running_var = random_tensor({3}, 6, 0.5f, 1.5f);
      Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
      // In training every call moves the running statistics, which its output does not read.
      auto forward = [&](Tape& t) {
        return batch_norm2d(t.input(x.view(), dx.view()),
                            affine ? t.input(weight.view(), dweight.view()) : Var{},
                            affine ? t.input(bias.view(), dbias.view()) : Var{},
                            running_mean.view(), running_var.view(), training);
      };
      std::vector<testing::GradTarget> targets = {{"x", x.view(), dx.view()}};
      if (affine) {
        targets.push_back({"weight", weight.view(), dweight.view()});
        targets.push_back({"bias", bias.view(), dbias.view()});
      }
      EXPECT_EQ(check_gradients(forward, targets, testing::kFloat32Smooth), "")
          << (training ? "training" : "evaluation") << (affine ? ", affine" : ", affine=False");
    }
}

TEST(BatchNorm2d, MatchesPyTorch) {
  const Fixture f = Fixture::load("batch_norm.bin");
  // Evaluation runs on the statistics that this training step leaves, as PyTorch's did.
  Tensor running_mean = f.tensor("running_mean"), running_var = f.tensor("running_var");
  for (const std::string name : {"train", "eval"}) {
    Tensor x = f.tensor(name + ".x"), weight = f.tensor("weight"), bias = f.tensor("bias");
    Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
    Tape tape;
    Var y = batch_norm2d(tape.input(x.view(), dx.view()), tape.input(weight.view(), dweight.view()),
                         tape.input(bias.view(), dbias.view()), running_mean.view(),
                         running_var.view(), name == "train", 0.2f);
    EXPECT_TRUE(expect_close(y.value(), f.tensor(name + ".y").view(), kPyTorchParity, name + ".y"));
    tape.backward(y, f.tensor(name + ".dy").view());
    EXPECT_TRUE(expect_close(dx.view(), f.tensor(name + ".dx").view(), kPyTorchParity, name + ".dx"));
    EXPECT_TRUE(expect_close(dweight.view(), f.tensor(name + ".dweight").view(), kPyTorchParity,
                             name + ".dweight"));
    EXPECT_TRUE(expect_close(dbias.view(), f.tensor(name + ".dbias").view(), kPyTorchParity,
                             name + ".dbias"));
    EXPECT_TRUE(expect_close(running_mean.view(), f.tensor(name + ".running_mean").view(),
                             kPyTorchParity, name + ".running_mean"));
    EXPECT_TRUE(expect_close(running_var.view(), f.tensor(name + ".running_var").view(),
                             kPyTorchParity, name + ".running_var"));
  }
}

TEST(BatchNorm2d, RefusesImpossibleShapesInOneLine) {
  Tape tape;
  Tensor x({2, 3, 4, 4}), single({1, 3, 1, 1}), flat({2, 3, 16}), three({3}), four({4});
  const Var xv = tape.constant(x.view());
  const TensorView stats = three.view();
  EXPECT_EQ(testing::error_message([&] { batch_norm2d(tape.constant(flat.view()), Var{}, Var{}, stats, stats, true); }),
            "batch_norm2d: input must be (B, C, H, W), got (2, 3, 16)");
  EXPECT_EQ(testing::error_message([&] { batch_norm2d(xv, tape.constant(four.view()), Var{}, stats, stats, true); }),
            "batch_norm2d: weight must be (3), got (4)");
  EXPECT_EQ(testing::error_message([&] { batch_norm2d(xv, Var{}, Var{}, stats, four.view(), false); }),
            "batch_norm2d: running_var must be (3), got (4)");
  EXPECT_EQ(testing::error_message([&] { batch_norm2d(tape.constant(single.view()), Var{}, Var{}, stats, stats, true); }),
            "batch_norm2d: training needs more than one value per channel, got input (1, 3, 1, 1)");
  EXPECT_EQ(testing::error_message([&] { batch_norm2d(xv, Var{}, Var{}, stats, stats, true, 1.5f); }),
            "batch_norm2d: momentum must be 0 to 1 and eps positive");
}

}  // namespace
}  // namespace flujo
