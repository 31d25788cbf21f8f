// max_pool2d, avg_pool2d and upsample_nearest2d: the output sizes of PyTorch's rules (odd sizes,
// the last row unused, overlapping windows), ties to the window's first maximum, the
// finite-difference check of every case (max pooling on distinct values, away from ties),
// PyTorch's F.max_pool2d, F.avg_pool2d and nn.Upsample (tests/fixtures/pooling.bin) forward and
// backward, and one-line errors for impossible shapes.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "flujo/core/random.hpp"
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

// Distinct values 0.01 apart in a shuffled order: the finite-difference step (kFloat32Kinked's
// 2e-4) never makes two elements of a window equal, so max pooling is linear around the input.
Tensor distinct_tensor(Shape shape, uint64_t seed) {
  Tensor t(shape);
  for (int64_t i = 0; i < t.numel(); ++i) t[i] = 0.01f * static_cast<float>(i) - 1.0f;
  Rng rng(seed);
  for (int64_t i = t.numel() - 1; i > 0; --i)
    std::swap(t[i], t[static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1))]);
  return t;
}

TEST(Pooling, OutputSizesFollowPyTorchsRules) {
  Tape tape;
  Tensor x({2, 3, 7, 6});
  const Var xv = tape.constant(x.view());
  EXPECT_EQ(max_pool2d(xv, 2, 2).shape(), (Shape{2, 3, 3, 3}));  // ⌊(7 − 2) / 2⌋ + 1 = 3
  EXPECT_EQ(avg_pool2d(xv, 3, 2).shape(), (Shape{2, 3, 3, 2}));  // ⌊(6 − 3) / 2⌋ + 1 = 2
  EXPECT_EQ(max_pool2d(xv, 3, 1).shape(), (Shape{2, 3, 5, 4}));
  EXPECT_EQ(upsample_nearest2d(xv, 3).shape(), (Shape{2, 3, 21, 18}));
}

TEST(Pooling, MaxPoolTiesGoToTheFirstMaximumInRowMajorOrder) {
  // Two 2 × 2 windows: {1, 1 / 1, 0} takes its corner (0, 0); {0, 2 / 2, 2} takes (0, 3).
  Tensor x = Tensor::from({1, 1, 2, 4}, {1, 1, 0, 2, 1, 0, 2, 2}), dx(x.shape());
  Tape tape;
  Var y = max_pool2d(tape.input(x.view(), dx.view()), 2, 2);
  EXPECT_EQ(y.value()[0], 1.0f);
  EXPECT_EQ(y.value()[1], 2.0f);
  tape.backward(y, Tensor::from({1, 1, 1, 2}, {1, 10}).view());
  EXPECT_EQ(dx.to_vector(), (std::vector<float>{1, 0, 0, 10, 0, 0, 0, 0}));
}

struct Case {
  std::string name;  // its tensors' prefix in pooling.bin
  Shape x;
  std::function<Var(Var)> op;
  bool kinked;  // max pooling: distinct inputs and the kinked tolerance
};

const std::vector<Case> kCases = {
    {"max2", {2, 3, 7, 6}, [](Var x) { return max_pool2d(x, 2, 2); }, true},
    {"max3", {2, 3, 7, 6}, [](Var x) { return max_pool2d(x, 3, 2); }, true},
    {"avg2", {2, 3, 7, 6}, [](Var x) { return avg_pool2d(x, 2, 2); }, false},
    {"avg3", {2, 3, 7, 6}, [](Var x) { return avg_pool2d(x, 3, 2); }, false},
    {"up2", {2, 3, 3, 4}, [](Var x) { return upsample_nearest2d(x, 2); }, false},
    {"up3", {1, 2, 3, 2}, [](Var x) { return upsample_nearest2d(x, 3); }, false},
};

TEST(Pooling, GradientsMatchFiniteDifferences) {
  for (const Case& c : kCases) {
    Tensor x = c.kinked ? distinct_tensor(c.x, 1) : random_tensor(c.x, 1), dx(c.x);
    auto forward = [&](Tape& t) { return c.op(t.input(x.view(), dx.view())); };
    EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}},
                              c.kinked ? testing::kFloat32Kinked : testing::kFloat32Smooth),
              "")
        << c.name;
  }
}

TEST(Pooling, MatchesPyTorch) {
  const Fixture f = Fixture::load("pooling.bin");
  std::vector<Case> cases = kCases;
  // Integers 0..2 in windows of 9: ties everywhere, each resolved as PyTorch's CPU kernel does.
  cases.push_back({"max_ties", {}, kCases[1].op, true});
  for (const Case& c : cases) {
    Tensor x = f.tensor(c.name + ".x"), dx(x.shape());
    Tape tape;
    Var y = c.op(tape.input(x.view(), dx.view()));
    EXPECT_TRUE(expect_close(y.value(), f.tensor(c.name + ".y").view(), kPyTorchParity, c.name + ".y"));
    tape.backward(y, f.tensor(c.name + ".dy").view());
    EXPECT_TRUE(expect_close(dx.view(), f.tensor(c.name + ".dx").view(), kPyTorchParity, c.name + ".dx"));
  }
}

TEST(Pooling, RefusesImpossibleShapesInOneLine) {
  Tape tape;
  Tensor x({2, 3, 4, 5}), flat({2, 3, 16});
  const Var xv = tape.constant(x.view());
  EXPECT_EQ(testing::error_message([&] { max_pool2d(tape.constant(flat.view()), 2, 2); }),
            "max_pool2d: input must be (B, C, H, W), got (2, 3, 16)");
  EXPECT_EQ(testing::error_message([&] { avg_pool2d(xv, 5, 1); }),
            "avg_pool2d: the kernel 5×5 is larger than the input (2, 3, 4, 5)");
  EXPECT_EQ(testing::error_message([&] { max_pool2d(xv, 2, 0); }),
            "max_pool2d: kernel and stride must be at least 1, got kernel 2 and stride 0");
  EXPECT_EQ(testing::error_message([&] { upsample_nearest2d(tape.constant(flat.view()), 2); }),
            "upsample_nearest2d: input must be (B, C, H, W), got (2, 3, 16)");
  EXPECT_EQ(testing::error_message([&] { upsample_nearest2d(xv, 0); }),
            "upsample_nearest2d: scale must be at least 1, got 0");
}

}  // namespace
}  // namespace flujo
