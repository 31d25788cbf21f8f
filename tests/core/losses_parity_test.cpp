// mse_loss and cross_entropy against PyTorch's F.mse_loss and F.cross_entropy
// (tests/fixtures/mse.bin, cross_entropy.bin): the scalar loss and the gradient of every input.
#include <gtest/gtest.h>

#include "flujo/core/ops.hpp"
#include "support/fixture.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

TEST(LossesParity, MseMatchesPyTorch) {
  const Fixture f = Fixture::load("mse.bin");
  Tensor prediction = f.tensor("prediction"), target = f.tensor("target");
  Tensor dprediction(prediction.shape()), dtarget(target.shape());
  Tape tape;
  Var loss = mse_loss(tape.input(prediction.view(), dprediction.view()),
                      tape.input(target.view(), dtarget.view()));
  EXPECT_TRUE(expect_close(loss.value(), f.tensor("loss").view(), kPyTorchParity, "loss"));
  tape.backward(loss);
  EXPECT_TRUE(expect_close(dprediction.view(), f.tensor("dprediction").view(), kPyTorchParity,
                           "dprediction"));
  EXPECT_TRUE(expect_close(dtarget.view(), f.tensor("dtarget").view(), kPyTorchParity, "dtarget"));
}

TEST(LossesParity, CrossEntropyMatchesPyTorch) {
  const Fixture f = Fixture::load("cross_entropy.bin");
  Tensor logits = f.tensor("logits");
  Tensor dlogits(logits.shape());
  const std::vector<int32_t> targets = f.indices("targets");
  Tape tape;
  Var loss = cross_entropy(tape.input(logits.view(), dlogits.view()), targets);
  EXPECT_TRUE(expect_close(loss.value(), f.tensor("loss").view(), kPyTorchParity, "loss"));
  tape.backward(loss);
  EXPECT_TRUE(expect_close(dlogits.view(), f.tensor("dlogits").view(), kPyTorchParity, "dlogits"));
}

}  // namespace
}  // namespace flujo
