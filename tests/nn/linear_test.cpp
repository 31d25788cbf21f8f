// nn::Linear: names, PyTorch's init range, shapes, gradients through the module, errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "flujo/nn.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::random_tensor;

TEST(LinearModule, RegistersWeightAndBiasUnderThePrefix) {
  ParameterStore store;
  const nn::Linear head(store, "head", 4, 3);
  EXPECT_EQ(head.weight(), store.find("head.weight"));
  EXPECT_EQ(head.bias(), store.find("head.bias"));
  EXPECT_EQ(store.info(head.weight()).shape, (Shape{3, 4}));
  EXPECT_EQ(store.info(head.bias()).shape, (Shape{3}));
  const nn::Linear plain(store, "plain", 4, 3, false);
  EXPECT_EQ(plain.bias(), -1);
  EXPECT_EQ(store.find("plain.bias"), -1);
  EXPECT_EQ(store.size(), 3);
}

TEST(LinearModule, InitialisesUniformWithinOneOverSqrtInFeatures) {
  ParameterStore store;
  const nn::Linear head(store, "head", 16, 64);
  Rng rng(2);
  head.reset_parameters(store, rng);
  for (ParamId id : {head.weight(), head.bias()}) {
    const ConstTensorView v = store.value(id);
    const auto [low, high] = std::minmax_element(v.data, v.data + v.numel());
    EXPECT_GE(*low, -0.25f) << store.info(id).name;
    EXPECT_LE(*high, 0.25f) << store.info(id).name;
    EXPECT_LT(*low, -0.2f) << store.info(id).name;  // the range is used, not a constant
    EXPECT_GT(*high, 0.2f) << store.info(id).name;
  }
}

TEST(LinearModule, MapsTheLastAxis) {
  ParameterStore store;
  const nn::Linear head(store, "head", 2, 3);
  store.value(head.weight()).copy_from(Tensor::from({3, 2}, {1, 0, 0, 1, 1, 1}).view());
  store.value(head.bias()).copy_from(Tensor::from({3}, {0.5f, -0.5f, 0}).view());
  const Tensor x = Tensor::from({2, 1, 2}, {1, 2, 3, 4});
  Tape tape;
  const Var y = head.forward(tape, store, tape.constant(x.view()));
  EXPECT_EQ(y.shape(), (Shape{2, 1, 3}));
  const float expected[] = {1.5f, 1.5f, 3, 3.5f, 3.5f, 7};
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(y.value()[i], expected[i]);
}

TEST(LinearModule, GradientsThroughTheModuleMatchFiniteDifferences) {
  for (bool bias : {true, false}) {
    ParameterStore store;
    const nn::Linear head(store, "head", 4, 3, bias);
    Rng rng(3);
    head.reset_parameters(store, rng);
    Tensor x = random_tensor({2, 5, 4}, 4), dx(x.shape());
    std::vector<testing::GradTarget> targets{{"x", x.view(), dx.view()}};
    for (ParamId id = 0; id < store.size(); ++id)
      targets.push_back({store.info(id).name, store.value(id), store.grad(id)});
    auto forward = [&](Tape& t) { return head.forward(t, store, t.input(x.view(), dx.view())); };
    EXPECT_EQ(testing::check_gradients(forward, targets, testing::kFloat32Smooth), "")
        << "bias " << bias;
  }
}

TEST(LinearModule, BadSizesAreErrorsNamingTheValue) {
  ParameterStore store;
  try {
    nn::Linear(store, "head", 0, 3);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("in_features must be at least 1, got 0"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(nn::Linear(store, "head", 3, -1), Error);
  const nn::Linear head(store, "ok", 3, 2);
  Tensor x({2, 4});
  Tape tape;
  EXPECT_THROW(head.forward(tape, store, tape.constant(x.view())), Error);
}

}  // namespace
}  // namespace flujo
