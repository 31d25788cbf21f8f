#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::check_gradients;
using testing::kFloat32Smooth;
using testing::random_tensor;

std::vector<float> values_of(Var v) { return {v.value().data, v.value().data + v.value().numel()}; }

// a (2, 2, 2) holds 0..7 and b (2, 2, 2) holds 10..17; joined along each axis in turn.
TEST(Concat, JoinsAlongEveryAxis) {
  Tape tape;
  Tensor a = Tensor::from({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  Tensor b = Tensor::from({2, 2, 2}, {10, 11, 12, 13, 14, 15, 16, 17});
  const std::array<Var, 2> parts{tape.constant(a.view()), tape.constant(b.view())};
  Var axis0 = concat(parts, 0), axis1 = concat(parts, 1), axis2 = concat(parts, 2);
  EXPECT_EQ(axis0.shape(), (Shape{4, 2, 2}));
  EXPECT_EQ(axis1.shape(), (Shape{2, 4, 2}));
  EXPECT_EQ(axis2.shape(), (Shape{2, 2, 4}));
  EXPECT_EQ(values_of(axis0),
            (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17}));
  EXPECT_EQ(values_of(axis1),
            (std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13, 4, 5, 6, 7, 14, 15, 16, 17}));
  EXPECT_EQ(values_of(axis2),
            (std::vector<float>{0, 1, 10, 11, 2, 3, 12, 13, 4, 5, 14, 15, 6, 7, 16, 17}));
  EXPECT_EQ(values_of(concat(parts, -1)), values_of(axis2));
}

TEST(Slice, TakesARangeAlongEveryAxis) {
  Tape tape;
  Tensor x = Tensor::from({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  Var c = tape.constant(x.view());
  EXPECT_EQ(values_of(slice(c, 0, 1, 1)), (std::vector<float>{6, 7, 8, 9, 10, 11}));
  Var middle = slice(c, 1, 1, 2);
  EXPECT_EQ(middle.shape(), (Shape{2, 2, 2}));
  EXPECT_EQ(values_of(middle), (std::vector<float>{2, 3, 4, 5, 8, 9, 10, 11}));
  EXPECT_EQ(values_of(slice(c, -1, 1, 1)), (std::vector<float>{1, 3, 5, 7, 9, 11}));
  EXPECT_EQ(slice(c, 1, 3, 0).shape(), (Shape{2, 0, 2}));
}

TEST(Concat, GradientsMatchFiniteDifferencesAlongEveryAxis) {
  for (int axis = 0; axis < 3; ++axis) {
    Tensor a = random_tensor({2, 3, 2}, 1), b = random_tensor(Shape{2, 3, 2}.with_dim(axis, 1), 2);
    Tensor c = random_tensor(Shape{2, 3, 2}.with_dim(axis, 4), 3);
    Tensor da(a.shape()), dc(c.shape());
    // The middle part is a constant: its block must be skipped while the offsets still add up.
    auto forward = [&](Tape& t) {
      const std::array<Var, 3> parts{t.input(a.view(), da.view()), t.constant(b.view()),
                                     t.input(c.view(), dc.view())};
      return concat(parts, axis);
    };
    EXPECT_EQ(check_gradients(forward, {{"a", a.view(), da.view()}, {"c", c.view(), dc.view()}},
                              kFloat32Smooth),
              "")
        << "axis " << axis;
  }
}

TEST(Slice, GradientsMatchFiniteDifferencesAlongEveryAxis) {
  for (int axis = 0; axis < 3; ++axis) {
    Tensor x = random_tensor({3, 4, 3}, 4);
    Tensor dx(x.shape());
    auto forward = [&](Tape& t) { return slice(t.input(x.view(), dx.view()), axis, 1, 2); };
    EXPECT_EQ(check_gradients(forward, {{"x", x.view(), dx.view()}}, kFloat32Smooth), "")
        << "axis " << axis;
  }
}

TEST(Concat, RejectsBadParts) {
  Tape tape;
  Tensor a({2, 3}), b({3, 3});
  const std::array<Var, 2> mismatched{tape.constant(a.view()), tape.constant(b.view())};
  EXPECT_NO_THROW(concat(mismatched, 0));
  EXPECT_THROW(concat(mismatched, 1), Error);
  EXPECT_THROW(concat(mismatched, 2), Error);
  EXPECT_THROW(concat(mismatched, -3), Error);
  EXPECT_THROW(concat(std::span<const Var>{}, 0), Error);
  std::vector<Var> too_many(17, tape.constant(a.view()));
  EXPECT_THROW(concat(too_many, 0), Error);
  too_many.pop_back();
  EXPECT_EQ(concat(too_many, 0).shape(), (Shape{32, 3}));
}

TEST(Slice, RejectsRangesOutsideTheAxis) {
  Tape tape;
  Tensor x({2, 3});
  Var c = tape.constant(x.view());
  EXPECT_THROW(slice(c, 1, 2, 2), Error);
  EXPECT_THROW(slice(c, 1, -1, 1), Error);
  EXPECT_THROW(slice(c, 0, 0, -1), Error);
  EXPECT_THROW(slice(c, 2, 0, 1), Error);
}

}  // namespace
}  // namespace flujo
