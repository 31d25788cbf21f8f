// nn::Transformer: against tools/torch_reference.GPT (tests/fixtures/transformer.bin: V 11,
// context 8, E 8, 2 heads, 2 layers, tied head, B 2, T 6) parameter by parameter under
// nanoGPT's names — logits, the ln_f embeddings, layer 0's attention weights, the cross-entropy
// and every gradient —; the finite-difference check of every parameter of a tiny model;
// dropout only in training; and the refused shapes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flujo/nn/transformer.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

const nn::TransformerOptions kFixtureModel{
    .vocabulary = 11, .context = 8, .width = 8, .heads = 2, .layers = 2};

TEST(Transformer, MatchesTheTorchReferenceParameterByParameter) {
  const Fixture f = Fixture::load("transformer.bin");
  ParameterStore store;
  const nn::Transformer model(store, "transformer", kFixtureModel);
  // Every fixture parameter exists here with its shape, and nothing else does.
  int fixture_parameters = 0;
  for (const std::string& name : f.names()) {
    if (name.rfind("transformer.", 0) != 0) continue;
    ++fixture_parameters;
    const ParamId id = store.find(name);
    ASSERT_GE(id, 0) << name;
    store.value(id).copy_from(f.tensor(name).view());
  }
  EXPECT_EQ(store.size(), fixture_parameters);

  const std::vector<int32_t> tokens = f.indices("tokens"), targets = f.indices("targets");
  Tape tape;
  Rng rng(1);
  const nn::TransformerOutput out = model.forward(tape, store, tokens, 2, rng, true);
  EXPECT_TRUE(expect_close(out.logits.value(), f.tensor("logits").view(), kPyTorchParity,
                           "logits"));
  EXPECT_TRUE(expect_close(out.embeddings.value(), f.tensor("embeddings").view(), kPyTorchParity,
                           "embeddings"));
  ASSERT_EQ(out.attention.size(), 2u);
  EXPECT_TRUE(expect_close(out.attention[0].weights, f.tensor("attention.0").view(), kPyTorchParity,
                           "attention.0"));
  const Var loss = cross_entropy(reshape(out.logits, Shape{12, 11}), targets);
  EXPECT_TRUE(expect_close(loss.value(), f.tensor("loss").view(), kPyTorchParity, "loss"));
  store.zero_grad();
  tape.backward(loss);
  for (const Parameter& p : store.parameters()) {
    EXPECT_TRUE(expect_close(store.grad(store.find(p.name)), f.tensor("grad." + p.name).view(),
                             kPyTorchParity, "grad." + p.name));
  }
}

TEST(Transformer, GradientsOfEveryParameterMatchFiniteDifferences) {
  ParameterStore store;
  const nn::Transformer model(
      store, "t", {.vocabulary = 5, .context = 4, .width = 4, .heads = 2, .layers = 1});
  Rng init(2);
  model.reset_parameters(store, init);
  // GPT-2's 0.02 initialisation is too small for a finite-difference check to see the attention
  // and the norms; larger random values exercise every part.
  for (const Parameter& p : store.parameters()) {
    const TensorView value = store.value(store.find(p.name));
    Rng values(3 + store.find(p.name));
    values.fill_uniform(value, -0.8f, 0.8f);
  }
  const std::vector<int32_t> tokens{1, 4, 0, 2, 3, 3};
  std::vector<testing::GradTarget> targets;
  for (const Parameter& p : store.parameters()) {
    const ParamId id = store.find(p.name);
    targets.push_back({p.name, store.value(id), store.grad(id)});
  }
  auto forward = [&](Tape& tape) {
    Rng rng(4);
    return model.forward(tape, store, tokens, 2, rng).logits;
  };
  EXPECT_EQ(check_gradients(forward, targets, testing::kFloat32Smooth), "");
}

TEST(Transformer, DropoutActsInTrainingOnly) {
  ParameterStore store;
  nn::TransformerOptions options = kFixtureModel;
  options.dropout = 0.5f;
  const nn::Transformer model(store, "t", options);
  Rng init(5);
  model.reset_parameters(store, init);
  const std::vector<int32_t> tokens{1, 2, 3, 4, 5, 6};
  auto logits = [&](bool training, uint64_t seed) {
    Tape tape;
    tape.set_training(training);
    Rng rng(seed);
    const ConstTensorView values = model.forward(tape, store, tokens, 1, rng).logits.value();
    return std::vector<float>(values.data, values.data + values.numel());
  };
  EXPECT_EQ(logits(false, 1), logits(false, 2));  // evaluation draws nothing
  EXPECT_EQ(logits(true, 1), logits(true, 1));    // a seed, one mask
  EXPECT_NE(logits(true, 1), logits(true, 2));
  EXPECT_NE(logits(true, 1), logits(false, 1));
}

TEST(Transformer, RefusesImpossibleShapesAndOptions) {
  ParameterStore store;
  const nn::Transformer model(store, "t", kFixtureModel);
  Tape tape;
  Rng rng(6);
  const std::vector<int32_t> nine(9, 1), seven(7, 1);
  EXPECT_THROW(model.forward(tape, store, nine, 1, rng), Error);   // T 9 > context 8
  EXPECT_THROW(model.forward(tape, store, seven, 2, rng), Error);  // 7 tokens, 2 rows
  const std::vector<int32_t> unknown{11};
  EXPECT_THROW(model.forward(tape, store, unknown, 1, rng), Error);  // id ≥ V
  ParameterStore other;
  nn::TransformerOptions options = kFixtureModel;
  options.heads = 3;
  EXPECT_THROW(nn::Transformer(other, "u", options), Error);
  options = kFixtureModel;
  options.vocabulary = 0;
  EXPECT_THROW(nn::Transformer(other, "v", options), Error);
}

}  // namespace
}  // namespace flujo
