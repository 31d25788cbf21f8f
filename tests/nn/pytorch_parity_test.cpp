// nn::Linear and nn::Recurrent against torch.nn.Linear / RNN / LSTM / GRU (tests/fixtures/*.bin,
// batch_first, B 3, T 5, F 4, H 6). Parameters are copied in under PyTorch's state-dict names
// behind a prefix; forward outputs, h_n, c_n and the gradient of every input and parameter of
//   loss = Σ output·R_output + Σ h_n·R_h_n (+ Σ c_n·R_c_n)
// are compared with the stored references.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flujo/nn.hpp"
#include "support/fixture.hpp"

namespace flujo {
namespace {
using testing::expect_close;
using testing::Fixture;
using testing::kPyTorchParity;

constexpr int64_t kFeatures = 4, kHidden = 6;  // as in make_fixtures.py

TEST(PyTorchParity, LinearMatchesTorchNnLinear) {
  const Fixture f = Fixture::load("linear.bin");
  ParameterStore store;
  const nn::Linear head(store, "head", kFeatures, 5);
  ASSERT_EQ(store.find("head.weight"), head.weight());
  ASSERT_EQ(store.find("head.bias"), head.bias());
  store.value(head.weight()).copy_from(f.tensor("weight").view());
  store.value(head.bias()).copy_from(f.tensor("bias").view());

  Tensor x = f.tensor("x");
  Tensor dx(x.shape());
  Tape tape;
  Var y = head.forward(tape, store, tape.input(x.view(), dx.view()));
  EXPECT_TRUE(expect_close(y.value(), f.tensor("y").view(), kPyTorchParity, "y"));
  tape.backward(y, f.tensor("dy").view());
  EXPECT_TRUE(expect_close(dx.view(), f.tensor("dx").view(), kPyTorchParity, "dx"));
  EXPECT_TRUE(expect_close(store.grad(head.weight()), f.tensor("dweight").view(), kPyTorchParity,
                           "dweight"));
  EXPECT_TRUE(expect_close(store.grad(head.bias()), f.tensor("dbias").view(), kPyTorchParity,
                           "dbias"));
}

struct RecurrentCase {
  const char* file;
  nn::CellKind cell;
  int layers;
};

class RecurrentParity : public ::testing::TestWithParam<RecurrentCase> {};

// Copies every PyTorch parameter of the fixture into the store as "<prefix>.<name>" and checks
// that the layer registered exactly those, with the same shapes.
std::vector<std::string> copy_parameters(const Fixture& f, ParameterStore& store,
                                         const std::string& prefix) {
  std::vector<std::string> names;
  for (const std::string& name : f.names())
    if (name.rfind("weight_", 0) == 0 || name.rfind("bias_", 0) == 0) names.push_back(name);
  EXPECT_EQ(store.size(), static_cast<int>(names.size()));
  for (const std::string& name : names) {
    const ParamId id = store.find(prefix + name);
    if (id < 0) {
      ADD_FAILURE() << "no parameter " << prefix << name;
      continue;
    }
    EXPECT_EQ(store.info(id).shape, f.shape(name)) << name;
    store.value(id).copy_from(f.tensor(name).view());
  }
  return names;
}

TEST_P(RecurrentParity, ForwardAndGradientsMatchPyTorch) {
  const RecurrentCase c = GetParam();
  const bool lstm = c.cell == nn::CellKind::lstm;
  const Fixture f = Fixture::load(c.file);
  ParameterStore store;
  const nn::Recurrent rnn(store, "rnn",
                          {.cell = c.cell, .input_size = kFeatures, .hidden_size = kHidden,
                           .layers = c.layers});
  const std::vector<std::string> names = copy_parameters(f, store, "rnn.");
  ASSERT_FALSE(::testing::Test::HasFailure());
  for (int l = 0; l < c.layers; ++l)
    EXPECT_EQ(rnn.layer(l).weight_hh, store.find("rnn.weight_hh_l" + std::to_string(l)));

  Tensor x = f.tensor("input"), h0 = f.tensor("h0"), c0 = lstm ? f.tensor("c0") : Tensor();
  Tensor dx(x.shape()), dh0(h0.shape()), dc0(c0.shape());
  Tape tape;
  tape.set_sentinel_fill(true);
  const nn::SequenceOutput seq =
      rnn.forward(tape, store, tape.input(x.view(), dx.view()), tape.input(h0.view(), dh0.view()),
                  lstm ? tape.input(c0.view(), dc0.view()) : Var{});
  EXPECT_TRUE(
      expect_close(seq.outputs.value(), f.tensor("output").view(), kPyTorchParity, "output"));
  EXPECT_TRUE(expect_close(seq.hidden_states[c.layers - 1].value(), f.tensor("output").view(),
                           kPyTorchParity, "hidden_states[top]"));
  EXPECT_TRUE(
      expect_close(seq.final_hidden.value(), f.tensor("h_n").view(), kPyTorchParity, "h_n"));
  if (lstm) {
    EXPECT_TRUE(
        expect_close(seq.final_cell.value(), f.tensor("c_n").view(), kPyTorchParity, "c_n"));
  }

  // The loss's terms for h_n and c_n only add R into those gradients, which is what seeding them
  // before the backward pass from the output does.
  const auto seed = [&](Var v, const std::string& name) {
    ASSERT_TRUE(v.requires_grad()) << name;
    const Tensor r = f.tensor(name);
    ASSERT_EQ(v.shape(), r.shape()) << name;
    for (int64_t i = 0; i < r.numel(); ++i) v.grad()[i] += r[i];
  };
  seed(seq.final_hidden, "R_h_n");
  if (lstm) seed(seq.final_cell, "R_c_n");
  tape.backward(seq.outputs, f.tensor("R_output").view());

  EXPECT_TRUE(expect_close(dx.view(), f.tensor("grad.input").view(), kPyTorchParity, "grad.input"));
  EXPECT_TRUE(expect_close(dh0.view(), f.tensor("grad.h0").view(), kPyTorchParity, "grad.h0"));
  if (lstm) {
    EXPECT_TRUE(expect_close(dc0.view(), f.tensor("grad.c0").view(), kPyTorchParity, "grad.c0"));
  }
  for (const std::string& name : names)
    EXPECT_TRUE(expect_close(store.grad(store.find("rnn." + name)), f.tensor("grad." + name).view(),
                             kPyTorchParity, "grad." + name));
}

INSTANTIATE_TEST_SUITE_P(
    Cells, RecurrentParity,
    ::testing::Values(RecurrentCase{"rnn_1layer.bin", nn::CellKind::rnn_tanh, 1},
                      RecurrentCase{"rnn_2layer.bin", nn::CellKind::rnn_tanh, 2},
                      RecurrentCase{"lstm_1layer.bin", nn::CellKind::lstm, 1},
                      RecurrentCase{"lstm_2layer.bin", nn::CellKind::lstm, 2},
                      RecurrentCase{"gru_1layer.bin", nn::CellKind::gru, 1},
                      RecurrentCase{"gru_2layer.bin", nn::CellKind::gru, 2}),
    [](const auto& info) {
      const std::string file = info.param.file;
      return file.substr(0, file.find('.'));
    });

}  // namespace
}  // namespace flujo
