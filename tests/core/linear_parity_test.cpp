// The linear op against PyTorch's F.linear (tests/fixtures/linear.bin): forward on a (2, 3, 4)
// input whose leading axes merge, and backward seeded with the stored dy.
#include <gtest/gtest.h>

#include "flujo/core/ops.hpp"
#include "support/fixture.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

TEST(LinearParity, ForwardAndBackwardMatchPyTorch) {
  const Fixture f = Fixture::load("linear.bin");
  Tensor x = f.tensor("x"), weight = f.tensor("weight"), bias = f.tensor("bias");
  Tensor dx(x.shape()), dweight(weight.shape()), dbias(bias.shape());
  Tape tape;
  Var y = linear(tape.input(x.view(), dx.view()), tape.input(weight.view(), dweight.view()),
                 tape.input(bias.view(), dbias.view()));
  EXPECT_TRUE(expect_close(y.value(), f.tensor("y").view(), kPyTorchParity, "y"));
  tape.backward(y, f.tensor("dy").view());
  EXPECT_TRUE(expect_close(dx.view(), f.tensor("dx").view(), kPyTorchParity, "dx"));
  EXPECT_TRUE(expect_close(dweight.view(), f.tensor("dweight").view(), kPyTorchParity, "dweight"));
  EXPECT_TRUE(expect_close(dbias.view(), f.tensor("dbias").view(), kPyTorchParity, "dbias"));
}

}  // namespace
}  // namespace flujo
