// attention: the weights' structure (rows summing to one, causal zeros, the opt-in view), the
// finite-difference check of q, k and v, and PyTorch's nn.MultiheadAttention with identity
// projections (tests/fixtures/attention.bin), causal and full, forward and backward.
#include <gtest/gtest.h>

#include <string>

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

TEST(Attention, CausalWeightsAreRowStochasticAndSeeNoFuture) {
  Tape tape;
  const int64_t B = 2, T = 4, E = 6, heads = 3;
  Tensor q = random_tensor({B, T, E}, 1), k = random_tensor({B, T, E}, 2),
         v = random_tensor({B, T, E}, 3);
  ConstTensorView weights;
  Var y = attention(tape.constant(q.view()), tape.constant(k.view()), tape.constant(v.view()),
                    {.heads = heads, .causal = true}, &weights);
  ASSERT_EQ(y.shape(), (Shape{B, T, E}));
  ASSERT_EQ(weights.shape, (Shape{B, heads, T, T}));
  for (int64_t block = 0; block < B * heads; ++block) {
    for (int64_t i = 0; i < T; ++i) {
      double total = 0.0;
      for (int64_t j = 0; j < T; ++j) {
        const float w = weights[(block * T + i) * T + j];
        if (j > i) {
          EXPECT_EQ(w, 0.0f) << "block " << block << " query " << i << " key " << j;
        }
        total += w;
      }
      EXPECT_NEAR(total, 1.0, 1e-6) << "block " << block << " query " << i;
    }
  }
  // The first position sees itself only: its output is its own value, head by head.
  for (int64_t e = 0; e < E; ++e) EXPECT_FLOAT_EQ(y.value()[e], v[e]) << "column " << e;
}

void expect_gradients(bool causal) {
  const Shape shape{2, 3, 4};
  Tensor q = random_tensor(shape, 4), k = random_tensor(shape, 5), v = random_tensor(shape, 6);
  Tensor dq(shape), dk(shape), dv(shape);
  auto forward = [&](Tape& t) {
    return attention(t.input(q.view(), dq.view()), t.input(k.view(), dk.view()),
                     t.input(v.view(), dv.view()), {.heads = 2, .causal = causal});
  };
  EXPECT_EQ(check_gradients(forward,
                            {{"q", q.view(), dq.view()},
                             {"k", k.view(), dk.view()},
                             {"v", v.view(), dv.view()}},
                            testing::kFloat32Smooth),
            "")
      << (causal ? "causal" : "full");
}

TEST(Attention, GradientsMatchFiniteDifferences) {
  expect_gradients(true);
  expect_gradients(false);
}

void expect_pytorch(const std::string& name, bool causal) {
  const Fixture f = Fixture::load("attention.bin");
  Tensor q = f.tensor(name + ".q"), k = f.tensor(name + ".k"), v = f.tensor(name + ".v");
  Tensor dq(q.shape()), dk(k.shape()), dv(v.shape());
  Tape tape;
  ConstTensorView weights;
  Var y = attention(tape.input(q.view(), dq.view()), tape.input(k.view(), dk.view()),
                    tape.input(v.view(), dv.view()), {.heads = 2, .causal = causal}, &weights);
  EXPECT_TRUE(expect_close(y.value(), f.tensor(name + ".y").view(), kPyTorchParity, name + ".y"));
  EXPECT_TRUE(expect_close(weights, f.tensor(name + ".weights").view(), kPyTorchParity,
                           name + ".weights"));
  tape.backward(y, f.tensor(name + ".dy").view());
  EXPECT_TRUE(expect_close(dq.view(), f.tensor(name + ".dq").view(), kPyTorchParity, name + ".dq"));
  EXPECT_TRUE(expect_close(dk.view(), f.tensor(name + ".dk").view(), kPyTorchParity, name + ".dk"));
  EXPECT_TRUE(expect_close(dv.view(), f.tensor(name + ".dv").view(), kPyTorchParity, name + ".dv"));
}

TEST(Attention, MatchesPyTorchMultiheadAttention) {
  expect_pytorch("causal", true);
  expect_pytorch("full", false);
}

TEST(Attention, RejectsImpossibleShapes) {
  Tape tape;
  Tensor x({2, 3, 6}), other({2, 4, 6}), flat({3, 6});
  Var a = tape.constant(x.view());
  EXPECT_THROW(attention(a, a, tape.constant(other.view()), {.heads = 2}), Error);
  EXPECT_THROW(attention(tape.constant(flat.view()), tape.constant(flat.view()),
                         tape.constant(flat.view()), {.heads = 1}),
               Error);
  EXPECT_THROW(attention(a, a, a, {.heads = 4}), Error);
  EXPECT_THROW(attention(a, a, a, {.heads = 0}), Error);
}

}  // namespace
}  // namespace flujo
