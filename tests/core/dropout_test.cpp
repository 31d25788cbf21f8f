// dropout: the identity in evaluation, the kept fraction and scale in training, the same mask for
// the same seed, and the finite-difference check (the mask fixed by re-seeding each pass).
#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

TEST(Dropout, IsTheIdentityInEvaluation) {
  Tape tape;
  Rng rng(1);
  Tensor x = random_tensor({4, 5}, 1);
  Var in = tape.constant(x.view());
  Var out = dropout(in, 0.5f, rng);
  EXPECT_EQ(out.id, in.id);
}

TEST(Dropout, KeepsAboutOneMinusPScaledUp) {
  Tape tape;
  tape.set_training(true);
  Rng rng(2);
  Tensor x({100000});
  x.view().fill(1.0f);
  Var out = dropout(tape.constant(x.view()), 0.25f, rng);
  int64_t kept = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    const float y = out.value()[i];
    ASSERT_TRUE(y == 0.0f || y == 1.0f / 0.75f) << "element " << i << " = " << y;
    kept += y != 0.0f;
  }
  // Binomial(100000, 0.75): standard deviation 137, so ±1000 is over seven of them.
  EXPECT_NEAR(static_cast<double>(kept), 75000.0, 1000.0);
}

TEST(Dropout, SameSeedSameMask) {
  Tensor x = random_tensor({64}, 3);
  auto masked = [&](uint64_t seed) {
    Tape tape;
    tape.set_training(true);
    Rng rng(seed);
    Var out = dropout(tape.constant(x.view()), 0.5f, rng);
    return std::vector<float>(out.value().data, out.value().data + 64);
  };
  EXPECT_EQ(masked(7), masked(7));
  EXPECT_NE(masked(7), masked(8));
}

TEST(Dropout, GradientMatchesFiniteDifferences) {
  Tensor x = random_tensor({3, 4}, 4), dx(x.shape());
  auto forward = [&](Tape& t) {
    t.set_training(true);
    Rng rng(5);  // the same mask in every pass
    return dropout(t.input(x.view(), dx.view()), 0.3f, rng);
  };
  EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}}, testing::kFloat32Smooth), "");
}

TEST(Dropout, RefusesProbabilitiesOutsideZeroToOne) {
  Tape tape;
  Rng rng(6);
  Tensor x({2});
  EXPECT_THROW(dropout(tape.constant(x.view()), 1.0f, rng), Error);
  EXPECT_THROW(dropout(tape.constant(x.view()), -0.1f, rng), Error);
}

}  // namespace
}  // namespace flujo
