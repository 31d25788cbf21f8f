// conv1d, a conv2d of one row whose row is neither strided nor padded: PyTorch's output length,
// the finite-difference check of every input, the result against the direct reference sums over
// the same per-axis geometry, PyTorch's F.conv1d (tests/fixtures/conv1d.bin) forward and
// backward, and one-line errors for impossible shapes.
#include <gtest/gtest.h>

#include <vector>

#include "core/ops/conv2d.hpp"
#include "core/ops/reference/conv2d_reference.hpp"
#include "flujo/core/ops.hpp"
#include "support/error_message.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::random_tensor;

// The fast kernel sums the reference's products in the BLAS's order; float32 rounding of sums of
// 9 products stays far below this.
constexpr double kSummationOrder = 1e-5;
const Conv1dOptions kStrided{.stride = 2, .padding = 1};

TEST(Conv1d, OutputLengthFollowsPyTorchsRule) {
  Tape tape;
  Tensor x({2, 3, 9}), weight({4, 3, 3});
  // ⌊(9 + 2 − 3) / 2⌋ + 1 = 5; unpadded and unit stride: 9 − 3 + 1 = 7.
  EXPECT_EQ(conv1d(tape.constant(x.view()), tape.constant(weight.view()), Var{}, kStrided).shape(), (Shape{2, 4, 5}));
  EXPECT_EQ(conv1d(tape.constant(x.view()), tape.constant(weight.view()), Var{}).shape(), (Shape{2, 4, 7}));
}

TEST(Conv1d, GradientsMatchFiniteDifferences) {
  Tensor x = random_tensor({2, 3, 9}, 1), weight = random_tensor({4, 3, 3}, 2), bias = random_tensor({4}, 3);
  Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
  auto forward = [&](Tape& t) {
    return conv1d(t.input(x.view(), dx.view()), t.input(weight.view(), dweight.view()),
                  t.input(bias.view(), dbias.view()), kStrided);
  };
  EXPECT_EQ(testing::check_gradients(forward,
                                     {{"x", x.view(), dx.view()},
                                      {"weight", weight.view(), dweight.view()},
                                      {"bias", bias.view(), dbias.view()}},
                                     testing::kFloat32Smooth),
            "");
}

TEST(Conv1d, MatchesTheReferenceSumsOverOneUnpaddedRow) {
  Tensor x = random_tensor({2, 3, 9}, 4), weight = random_tensor({4, 3, 3}, 5), bias = random_tensor({4}, 6);
  Tape tape;
  const Var y = conv1d(tape.constant(x.view()), tape.constant(weight.view()), tape.constant(bias.view()), kStrided);
  const ops::ConvGeometry g{.batch = 2, .channels = 3, .height = 1, .width = 9, .out_channels = 4, .kernel_h = 1,
                            .kernel_w = 3, .stride_h = 1, .stride_w = 2, .padding_h = 0, .padding_w = 1,
                            .out_h = 1, .out_w = 5};
  Tensor plain({2, 4, 1, 5});
  ops::reference::conv2d_forward(plain.view(), ConstTensorView{x.data(), Shape{2, 3, 1, 9}},
                                 ConstTensorView{weight.data(), Shape{4, 3, 1, 3}}, bias.view(), g);
  EXPECT_TRUE(expect_close(y.value(), ConstTensorView{plain.data(), Shape{2, 4, 5}}, kSummationOrder, "y"));
}

TEST(Conv1d, MatchesPyTorch) {
  const testing::Fixture f = testing::Fixture::load("conv1d.bin");
  Tensor x = f.tensor("x"), weight = f.tensor("weight"), bias = f.tensor("bias");
  Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
  Tape tape;
  const Var y = conv1d(tape.input(x.view(), dx.view()), tape.input(weight.view(), dweight.view()),
                       tape.input(bias.view(), dbias.view()), kStrided);
  EXPECT_TRUE(expect_close(y.value(), f.tensor("y").view(), testing::kPyTorchParity, "y"));
  tape.backward(y, f.tensor("dy").view());
  EXPECT_TRUE(expect_close(dx.view(), f.tensor("dx").view(), testing::kPyTorchParity, "dx"));
  EXPECT_TRUE(expect_close(dweight.view(), f.tensor("dweight").view(), testing::kPyTorchParity, "dweight"));
  EXPECT_TRUE(expect_close(dbias.view(), f.tensor("dbias").view(), testing::kPyTorchParity, "dbias"));
}

TEST(Conv1d, RefusesImpossibleShapesInOneLine) {
  Tape tape;
  Tensor x({2, 3, 4}), weight({4, 3, 3}), images({2, 3, 4, 4}), wrong({4, 2, 3}), long_kernel({4, 3, 7});
  const Var xv = tape.constant(x.view()), wv = tape.constant(weight.view());
  EXPECT_EQ(testing::error_message([&] { conv1d(tape.constant(images.view()), wv, Var{}); }),
            "conv1d: input must be (B, C, T), got (2, 3, 4, 4)");
  EXPECT_EQ(testing::error_message([&] { conv1d(xv, tape.constant(wrong.view()), Var{}); }),
            "conv1d: weight (4, 2, 3) expects 2 input channels, the input (2, 3, 4) has 3");
  EXPECT_EQ(testing::error_message([&] { conv1d(xv, tape.constant(long_kernel.view()), Var{}); }),
            "conv1d: the kernel 7 is longer than the padded input (2, 3, 4)");
  EXPECT_EQ(testing::error_message([&] { conv1d(xv, wv, Var{}, {.stride = 0}); }),
            "conv1d: stride must be at least 1 and padding not negative");
}

}  // namespace
}  // namespace flujo
