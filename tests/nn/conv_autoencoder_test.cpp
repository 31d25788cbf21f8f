// The convolutional autoencoder against its PyTorch twin (tests/fixtures/conv_autoencoder.bin,
// tools/torch_reference.ConvAutoencoder): same parameters by name, same latent, reconstruction,
// loss and gradient of every parameter; and the sizes it refuses.
#include <gtest/gtest.h>

#include <string>

#include "flujo/core/error.hpp"
#include "flujo/nn/conv_autoencoder.hpp"
#include "support/fixture.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

TEST(ConvAutoencoder, MatchesPyTorchTensorByTensor) {
  const Fixture f = Fixture::load("conv_autoencoder.bin");
  ParameterStore store;
  const nn::ConvAutoencoder model(store, {.size = 16, .width = 3, .latent = 2});
  for (ParamId id = 0; id < static_cast<ParamId>(store.size()); ++id)
    store.value(id).copy_from(f.tensor(store.info(id).name).view());
  Tape tape;
  const Tensor frames = f.tensor("frames");
  const Var latent = model.encode(tape, store, tape.constant(frames.view()));
  const Var reconstruction = model.decode(tape, store, latent);
  const Var loss = mse_loss(reconstruction, tape.constant(frames.view()));
  EXPECT_TRUE(expect_close(latent.value(), f.tensor("latent").view(), kPyTorchParity, "latent"));
  EXPECT_TRUE(expect_close(reconstruction.value(), f.tensor("reconstruction").view(), kPyTorchParity,
                           "reconstruction"));
  EXPECT_TRUE(expect_close(loss.value(), f.tensor("loss").view(), kPyTorchParity, "loss"));
  store.zero_grad();
  tape.backward(loss);
  // Every parameter of the twin is one of ours, and each gradient matches.
  int compared = 0;
  for (ParamId id = 0; id < static_cast<ParamId>(store.size()); ++id, ++compared) {
    const std::string& name = store.info(id).name;
    EXPECT_TRUE(expect_close(store.grad(id), f.tensor("grad." + name).view(), kPyTorchParity, "grad." + name));
  }
  EXPECT_EQ(compared * 2 + 4, static_cast<int>(f.names().size()));
}

TEST(ConvAutoencoder, RefusesAFrameSizeThatThreeHalvingsDoNotDivide) {
  ParameterStore store;
  try {
    nn::ConvAutoencoder(store, {.size = 60});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "the frame size must be a multiple of 8 (three halvings), got 60");
  }
}

}  // namespace
}  // namespace flujo
