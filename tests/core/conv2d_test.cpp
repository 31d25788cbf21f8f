// conv2d and conv_transpose2d: the output sizes of PyTorch's rules (odd sizes, stride 2,
// output_padding), the finite-difference check of every input, the fast kernels (im2col and the
// BLAS) against the direct reference sums, PyTorch's F.conv2d and F.conv_transpose2d
// (tests/fixtures/conv2d.bin) forward and backward, and one-line errors for impossible shapes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/ops/conv2d.hpp"
#include "core/ops/reference/conv2d_reference.hpp"
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

// The fast kernels sum the same products as the reference in another order (the BLAS's blocks);
// float32 rounding of sums of ≤ 24 products stays far below this.
constexpr double kSummationOrder = 1e-5;

TEST(Conv2d, OutputSizesFollowPyTorchsRules) {
  Tape tape;
  Tensor x({2, 3, 7, 6}), weight({4, 3, 3, 2}), transposed_weight({3, 5, 3, 3});
  EXPECT_EQ(conv2d(tape.constant(x.view()), tape.constant(weight.view()), Var{}, {.stride = 2, .padding = 1}).shape(),
            (Shape{2, 4, 4, 4}));  // ⌊(7 + 2 − 3) / 2⌋ + 1 = 4, ⌊(6 + 2 − 2) / 2⌋ + 1 = 4
  EXPECT_EQ(conv2d(tape.constant(x.view()), tape.constant(weight.view()), Var{}).shape(), (Shape{2, 4, 5, 5}));
  // (7 − 1)·2 − 2 + 3 + 1 = 14 and (6 − 1)·2 − 2 + 3 + 1 = 12: the sizes conv2d maps back to 7 × 6.
  EXPECT_EQ(conv_transpose2d(tape.constant(x.view()), tape.constant(transposed_weight.view()), Var{},
                             {.stride = 2, .padding = 1, .output_padding = 1})
                .shape(),
            (Shape{2, 5, 14, 12}));
}

struct Case {
  bool transposed;
  Shape x, weight;
  Conv2dOptions options;
};

const std::vector<Case> kCases = {
    {false, {2, 3, 7, 6}, {4, 3, 3, 2}, {.stride = 2, .padding = 1}},
    {false, {1, 2, 5, 5}, {3, 2, 3, 3}, {}},
    {true, {2, 4, 3, 4}, {4, 3, 3, 3}, {.stride = 2, .padding = 1, .output_padding = 1}},
    {true, {1, 2, 4, 3}, {2, 3, 2, 2}, {.stride = 1, .padding = 0}},
};

Var apply(const Case& c, Var x, Var weight, Var bias) {
  return c.transposed ? conv_transpose2d(x, weight, bias, c.options) : conv2d(x, weight, bias, c.options);
}

TEST(Conv2d, GradientsMatchFiniteDifferences) {
  for (const Case& c : kCases) {
    const int64_t channels = c.transposed ? c.weight[1] : c.weight[0];
    Tensor x = random_tensor(c.x, 1), weight = random_tensor(c.weight, 2), bias = random_tensor({channels}, 3);
    Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
    auto forward = [&](Tape& t) {
      return apply(c, t.input(x.view(), dx.view()), t.input(weight.view(), dweight.view()),
                   t.input(bias.view(), dbias.view()));
    };
    EXPECT_EQ(check_gradients(forward,
                              {{"x", x.view(), dx.view()},
                               {"weight", weight.view(), dweight.view()},
                               {"bias", bias.view(), dbias.view()}},
                              testing::kFloat32Smooth),
              "")
        << (c.transposed ? "conv_transpose2d " : "conv2d ") << c.x.str();
  }
}

TEST(Conv2d, FastKernelsMatchTheReference) {
  for (const Case& c : kCases) {
    const int64_t channels = c.transposed ? c.weight[1] : c.weight[0];
    Tensor x = random_tensor(c.x, 4), weight = random_tensor(c.weight, 5), bias = random_tensor({channels}, 6);
    Tape tape;
    Var y = apply(c, tape.constant(x.view()), tape.constant(weight.view()), tape.constant(bias.view()));
    Tensor dy = random_tensor(y.shape(), 7);
    // The geometry is the convolution's: for the transposed one, from its output back to x.
    ops::ConvGeometry g{.batch = c.x[0], .channels = c.x[1], .height = c.x[2], .width = c.x[3],
                        .out_channels = c.weight[0], .kernel_h = c.weight[2], .kernel_w = c.weight[3],
                        .stride_h = c.options.stride, .stride_w = c.options.stride,
                        .padding_h = c.options.padding, .padding_w = c.options.padding,
                        .out_h = y.shape()[2], .out_w = y.shape()[3]};
    if (c.transposed)
      g = {.batch = c.x[0], .channels = c.weight[1], .height = y.shape()[2], .width = y.shape()[3],
           .out_channels = c.weight[0], .kernel_h = c.weight[2], .kernel_w = c.weight[3],
           .stride_h = c.options.stride, .stride_w = c.options.stride, .padding_h = c.options.padding,
           .padding_w = c.options.padding, .out_h = c.x[2], .out_w = c.x[3]};
    std::vector<float> columns(static_cast<size_t>(g.columns_size()));
    Tensor fast(y.shape()), plain(y.shape());
    Tensor fast_dx(x.shape()), fast_dweight(weight.shape()), fast_dbias(bias.shape());
    Tensor plain_dx(x.shape()), plain_dweight(weight.shape()), plain_dbias(bias.shape());
    if (c.transposed) {
      ops::conv_transpose2d_forward(fast.view(), x.view(), weight.view(), bias.view(), g, columns.data());
      ops::reference::conv_transpose2d_forward(plain.view(), x.view(), weight.view(), bias.view(), g);
      ops::conv_transpose2d_backward(fast_dx.view(), fast_dweight.view(), fast_dbias.view(), dy.view(),
                                     x.view(), weight.view(), g, columns.data());
      ops::reference::conv_transpose2d_backward(plain_dx.view(), plain_dweight.view(), plain_dbias.view(),
                                                dy.view(), x.view(), weight.view(), g);
    } else {
      ops::conv2d_forward(fast.view(), x.view(), weight.view(), bias.view(), g, columns.data());
      ops::reference::conv2d_forward(plain.view(), x.view(), weight.view(), bias.view(), g);
      ops::conv2d_backward(fast_dx.view(), fast_dweight.view(), fast_dbias.view(), dy.view(), x.view(),
                           weight.view(), g, columns.data());
      ops::reference::conv2d_backward(plain_dx.view(), plain_dweight.view(), plain_dbias.view(), dy.view(),
                                      x.view(), weight.view(), g);
    }
    EXPECT_TRUE(expect_close(fast.view(), plain.view(), kSummationOrder, "y"));
    EXPECT_TRUE(expect_close(y.value(), plain.view(), kSummationOrder, "y on the tape"));
    EXPECT_TRUE(expect_close(fast_dx.view(), plain_dx.view(), kSummationOrder, "dx"));
    EXPECT_TRUE(expect_close(fast_dweight.view(), plain_dweight.view(), kSummationOrder, "dweight"));
    EXPECT_TRUE(expect_close(fast_dbias.view(), plain_dbias.view(), kSummationOrder, "dbias"));
  }
}

TEST(Conv2d, MatchesPyTorch) {
  const Fixture f = Fixture::load("conv2d.bin");
  for (const std::string name : {"conv2d", "transpose"}) {
    Tensor x = f.tensor(name + ".x"), weight = f.tensor(name + ".weight"), bias = f.tensor(name + ".bias");
    Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
    Tape tape;
    const Conv2dOptions options{.stride = 2, .padding = 1, .output_padding = name == "transpose" ? 1 : 0};
    Var xv = tape.input(x.view(), dx.view()), wv = tape.input(weight.view(), dweight.view()),
        bv = tape.input(bias.view(), dbias.view());
    Var y = name == "transpose" ? conv_transpose2d(xv, wv, bv, options) : conv2d(xv, wv, bv, options);
    EXPECT_TRUE(expect_close(y.value(), f.tensor(name + ".y").view(), kPyTorchParity, name + ".y"));
    tape.backward(y, f.tensor(name + ".dy").view());
    EXPECT_TRUE(expect_close(dx.view(), f.tensor(name + ".dx").view(), kPyTorchParity, name + ".dx"));
    EXPECT_TRUE(expect_close(dweight.view(), f.tensor(name + ".dweight").view(), kPyTorchParity, name + ".dweight"));
    EXPECT_TRUE(expect_close(dbias.view(), f.tensor(name + ".dbias").view(), kPyTorchParity, name + ".dbias"));
  }
}

TEST(Conv2d, RefusesImpossibleShapesInOneLine) {
  Tape tape;
  Tensor x({2, 3, 4, 4}), weight({4, 3, 3, 3}), wrong_channels({4, 2, 3, 3}), big({4, 3, 7, 7}),
      flat({2, 3, 16}), bias({5});
  const Var xv = tape.constant(x.view()), wv = tape.constant(weight.view());
  EXPECT_EQ(testing::error_message([&] { conv2d(tape.constant(flat.view()), wv, Var{}); }),
            "conv2d: input must be (B, C, H, W), got (2, 3, 16)");
  EXPECT_EQ(testing::error_message([&] { conv2d(xv, tape.constant(wrong_channels.view()), Var{}); }),
            "conv2d: weight (4, 2, 3, 3) expects 2 input channels, the input (2, 3, 4, 4) has 3");
  EXPECT_EQ(testing::error_message([&] { conv2d(xv, tape.constant(big.view()), Var{}); }),
            "conv2d: the kernel 7×7 is larger than the padded input (2, 3, 4, 4)");
  EXPECT_EQ(testing::error_message([&] { conv2d(xv, wv, tape.constant(bias.view())); }), "conv2d: bias must be (4), got (5)");
  EXPECT_EQ(testing::error_message([&] { conv2d(xv, wv, Var{}, {.stride = 0}); }),
            "conv2d: stride must be at least 1 and padding not negative");
  EXPECT_EQ(testing::error_message([&] { conv_transpose2d(tape.constant(Tensor({2, 4, 3, 3}).view()), wv, Var{},
                                           {.stride = 2, .output_padding = 2}); }),
            "conv_transpose2d: output_padding must be 0 to stride − 1 (1), got 2");
}

}  // namespace
}  // namespace flujo
