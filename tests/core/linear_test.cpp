#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

TEST(Linear, ForwardMatchesHandComputation) {
  Tape tape;
  Tensor x = Tensor::from({2, 2}, {1, 2, 3, 4});
  Tensor w = Tensor::from({3, 2}, {1, 0, 0, 1, 1, 1});
  Tensor b = Tensor::from({3}, {0.5f, -0.5f, 0});
  Var y = linear(tape.constant(x.view()), tape.constant(w.view()), tape.constant(b.view()));
  EXPECT_EQ(y.shape(), (Shape{2, 3}));
  const std::vector<float> expected{1.5f, 1.5f, 3, 3.5f, 3.5f, 7};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(y.value()[i], expected[i]);
}

TEST(Linear, GradientsMatchFiniteDifferences) {
  Tensor x = random_tensor({2, 3, 4}, 1), w = random_tensor({5, 4}, 2), b = random_tensor({5}, 3);
  Tensor dx(x.shape()), dw(w.shape()), db(b.shape());
  auto forward = [&](Tape& t) {
    return linear(t.input(x.view(), dx.view()), t.input(w.view(), dw.view()), t.input(b.view(), db.view()));
  };
  EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}, {"weight", w.view(), dw.view()},
                                      {"bias", b.view(), db.view()}},
                            testing::kFloat32Smooth),
            "");
}

TEST(Matmul, GradientsMatchFiniteDifferences) {
  Tensor a = random_tensor({3, 4}, 4), b = random_tensor({4, 2}, 5);
  Tensor da(a.shape()), db(b.shape());
  auto forward = [&](Tape& t) { return matmul(t.input(a.view(), da.view()), t.input(b.view(), db.view())); };
  EXPECT_EQ(check_gradients(forward, {{"a", a.view(), da.view()}, {"b", b.view(), db.view()}},
                            testing::kFloat32Smooth),
            "");
}

TEST(Linear, RejectsMismatchedFeatures) {
  Tape tape;
  Tensor x({2, 3}), w({4, 5});
  EXPECT_THROW(linear(tape.constant(x.view()), tape.constant(w.view()), Var{}), Error);
}

}  // namespace
}  // namespace flujo
