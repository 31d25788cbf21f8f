#include <gtest/gtest.h>

#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::random_tensor;

TEST(Embedding, LooksUpRowsInTheIndexShape) {
  Tape tape;
  Tensor table = Tensor::from({3, 2}, {0, 1, 10, 11, 20, 21});
  const std::vector<int32_t> indices{2, 0, 2, 1};
  Var out = embedding(tape.constant(table.view()), indices, Shape{2, 2});
  EXPECT_EQ(out.shape(), (Shape{2, 2, 2}));
  const std::vector<float> expected{20, 21, 0, 1, 20, 21, 10, 11};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(out.value()[i], expected[i]);
}

TEST(Embedding, RepeatedRowsCollectEveryGradient) {
  Tensor table = random_tensor({4, 3}, 1), dtable(table.shape());
  const std::vector<int32_t> indices{3, 1, 3, 0, 3, 1};
  auto forward = [&](Tape& t) {
    return embedding(t.input(table.view(), dtable.view()), indices, Shape{2, 3});
  };
  EXPECT_EQ(check_gradients(forward, {{"table", table.view(), dtable.view()}},
                            testing::kFloat32Smooth),
            "");
}

TEST(Embedding, RejectsBadIndicesAndShapes) {
  Tape tape;
  Tensor table({3, 2}), flat({6});
  Var t = tape.constant(table.view());
  const std::vector<int32_t> too_large{0, 3}, negative{-1, 0}, fine{0, 2};
  EXPECT_THROW(embedding(t, too_large, Shape{2}), Error);
  EXPECT_THROW(embedding(t, negative, Shape{2}), Error);
  EXPECT_THROW(embedding(t, fine, Shape{3}), Error);
  EXPECT_THROW(embedding(tape.constant(flat.view()), fine, Shape{2}), Error);
  EXPECT_EQ(embedding(t, fine, Shape{2}).shape(), (Shape{2, 2}));
}

TEST(Embedding, MatchesPyTorch) {
  const testing::Fixture f = testing::Fixture::load("embedding.bin");
  Tensor table = f.tensor("table"), dtable(table.shape());
  const std::vector<int32_t> indices = f.indices("indices");
  Tape tape;
  Var out = embedding(tape.input(table.view(), dtable.view()), indices, f.shape("indices"));
  EXPECT_TRUE(
      testing::expect_close(out.value(), f.tensor("out").view(), testing::kPyTorchParity, "out"));
  tape.backward(out, f.tensor("dout").view());
  EXPECT_TRUE(testing::expect_close(dtable.view(), f.tensor("dtable").view(),
                                    testing::kPyTorchParity, "dtable"));
}

}  // namespace
}  // namespace flujo
