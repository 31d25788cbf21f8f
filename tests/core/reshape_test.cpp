#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {

TEST(Reshape, SharesMemoryUnderTheNewShape) {
  Tape tape;
  Tensor x = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  Var y = reshape(tape.constant(x.view()), Shape{3, 2});
  EXPECT_EQ(y.shape(), (Shape{3, 2}));
  EXPECT_EQ(y.value().data, x.data());
  EXPECT_THROW(reshape(tape.constant(x.view()), Shape{4, 2}), Error);
}

TEST(Reshape, GradientsFlowThroughSharedMemory) {
  Tensor x = testing::random_tensor({2, 6}, 7), w = testing::random_tensor({2, 3}, 8);
  Tensor dx(x.shape()), dw(w.shape());
  auto forward = [&](Tape& t) {
    Var xs = reshape(t.input(x.view(), dx.view()), Shape{4, 3});
    return linear(xs, t.input(w.view(), dw.view()), Var{});
  };
  EXPECT_EQ(testing::check_gradients(forward, {{"x", x.view(), dx.view()}, {"w", w.view(), dw.view()}},
                                     testing::kFloat32Smooth),
            "");
}

}  // namespace
}  // namespace flujo
