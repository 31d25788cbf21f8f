// layer_norm: the normalised rows' moments, the finite-difference check of every input, and
// PyTorch's F.layer_norm (tests/fixtures/layer_norm.bin) forward and backward.
#include <gtest/gtest.h>

#include <cmath>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;
using testing::random_tensor;

TEST(LayerNorm, RowsComeOutWithMeanZeroAndVarianceOne) {
  Tape tape;
  Tensor x = random_tensor({3, 16}, 1, -4.0f, 9.0f);
  Var y = layer_norm(tape.constant(x.view()), Var{}, Var{});
  for (int64_t r = 0; r < 3; ++r) {
    double total = 0.0, squares = 0.0;
    for (int64_t j = 0; j < 16; ++j) total += y.value()[r * 16 + j];
    for (int64_t j = 0; j < 16; ++j) squares += std::pow(y.value()[r * 16 + j] - total / 16, 2);
    EXPECT_NEAR(total / 16, 0.0, 1e-6) << "row " << r;
    // The biased variance of the output is var / (var + eps), a hair under 1.
    EXPECT_NEAR(squares / 16, 1.0, 1e-4) << "row " << r;
  }
}

TEST(LayerNorm, GradientsMatchFiniteDifferences) {
  Tensor x = random_tensor({2, 3, 5}, 2, -2.0f, 2.0f), weight = random_tensor({5}, 3),
         bias = random_tensor({5}, 4);
  Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
  auto forward = [&](Tape& t) {
    return layer_norm(t.input(x.view(), dx.view()), t.input(weight.view(), dweight.view()),
                      t.input(bias.view(), dbias.view()));
  };
  EXPECT_EQ(check_gradients(forward,
                            {{"x", x.view(), dx.view()},
                             {"weight", weight.view(), dweight.view()},
                             {"bias", bias.view(), dbias.view()}},
                            testing::kFloat32Smooth),
            "");
}

TEST(LayerNorm, MatchesPyTorch) {
  const Fixture f = Fixture::load("layer_norm.bin");
  Tensor x = f.tensor("x"), weight = f.tensor("weight"), bias = f.tensor("bias");
  Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
  Tape tape;
  Var y = layer_norm(tape.input(x.view(), dx.view()), tape.input(weight.view(), dweight.view()),
                     tape.input(bias.view(), dbias.view()));
  EXPECT_TRUE(expect_close(y.value(), f.tensor("y").view(), kPyTorchParity, "y"));
  tape.backward(y, f.tensor("dy").view());
  EXPECT_TRUE(expect_close(dx.view(), f.tensor("dx").view(), kPyTorchParity, "dx"));
  EXPECT_TRUE(expect_close(dweight.view(), f.tensor("dweight").view(), kPyTorchParity, "dweight"));
  EXPECT_TRUE(expect_close(dbias.view(), f.tensor("dbias").view(), kPyTorchParity, "dbias"));
}

TEST(LayerNorm, RejectsMismatchedParameters) {
  Tape tape;
  Tensor x({2, 4}), wrong({3});
  EXPECT_THROW(layer_norm(tape.constant(x.view()), tape.constant(wrong.view()), Var{}), Error);
  EXPECT_THROW(layer_norm(tape.constant(x.view()), Var{}, tape.constant(wrong.view())), Error);
  EXPECT_THROW(layer_norm(tape.constant(x.view()), Var{}, Var{}, 0.0f), Error);
}

}  // namespace
}  // namespace flujo
