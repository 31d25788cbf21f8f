// nn::Recurrent: parameters and errors, gradients of every output w.r.t. everything, gate
// ablations against closed forms, and a task that needs memory. Exact agreement with PyTorch is
// in pytorch_parity_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "flujo/nn.hpp"
#include "support/error_message.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using nn::CellKind;
using testing::random_tensor;

using testing::error_message;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Recurrent, RegistersPyTorchNamesAndShapes) {
  ParameterStore store;
  const nn::Recurrent lstm(
      store, "lstm", {.cell = CellKind::lstm, .input_size = 2, .hidden_size = 5, .layers = 2});
  ASSERT_EQ(store.size(), 8);
  EXPECT_EQ(store.info(store.find("lstm.weight_ih_l0")).shape, (Shape{20, 2}));
  EXPECT_EQ(store.info(store.find("lstm.weight_hh_l0")).shape, (Shape{20, 5}));
  EXPECT_EQ(store.info(store.find("lstm.bias_ih_l0")).shape, (Shape{20}));
  EXPECT_EQ(store.info(store.find("lstm.weight_ih_l1")).shape, (Shape{20, 5}));
  EXPECT_EQ(lstm.layer(1).bias_hh, store.find("lstm.bias_hh_l1"));
  ParameterStore other;
  const nn::Recurrent gru(other, "gru", {.cell = CellKind::gru, .input_size = 3, .hidden_size = 4});
  EXPECT_EQ(other.info(gru.layer(0).weight_ih).shape, (Shape{12, 3}));
  const nn::Recurrent rnn(other, "rnn",
                          {.cell = CellKind::rnn_tanh, .input_size = 3, .hidden_size = 4});
  EXPECT_EQ(other.info(rnn.layer(0).weight_hh).shape, (Shape{4, 4}));
}

TEST(Recurrent, InitialisesUniformWithinOneOverSqrtHidden) {
  ParameterStore store;
  const nn::Recurrent lstm(
      store, "lstm", {.cell = CellKind::lstm, .input_size = 3, .hidden_size = 16, .layers = 2});
  Rng rng(7);
  lstm.reset_parameters(store, rng);
  const float bound = 0.25f;
  float low = 1.0f, high = -1.0f;
  for (int64_t i = 0; i < store.numel(); ++i) {
    low = std::min(low, store.values()[i]);
    high = std::max(high, store.values()[i]);
  }
  EXPECT_GE(low, -bound);
  EXPECT_LE(high, bound);
  EXPECT_LT(low, -0.95f * bound);  // the whole range is used
  EXPECT_GT(high, 0.95f * bound);
}

TEST(Recurrent, CellNamesRoundTripAndUnknownNamesAreErrors) {
  for (CellKind cell : {CellKind::rnn_tanh, CellKind::lstm, CellKind::gru})
    EXPECT_EQ(nn::parse_cell(nn::cell_name(cell)), cell);
  EXPECT_STREQ(nn::cell_name(CellKind::rnn_tanh), "rnn");
  EXPECT_TRUE(contains(error_message([] { nn::parse_cell("lstmx"); }), "'lstmx'"));
}

TEST(Recurrent, BadOptionsAndInputsAreErrorsNamingTheValue) {
  ParameterStore store;
  const auto make = [&](int64_t input, int64_t hidden, int layers) {
    return [&store, input, hidden, layers] {
      nn::Recurrent(store, "r", {.input_size = input, .hidden_size = hidden, .layers = layers});
    };
  };
  EXPECT_TRUE(contains(error_message(make(1, 0, 1)), "hidden_size must be at least 1, got 0"));
  EXPECT_TRUE(contains(error_message(make(0, 4, 1)), "input_size must be at least 1, got 0"));
  EXPECT_TRUE(contains(error_message(make(1, 4, 0)), "got 0"));
  EXPECT_TRUE(contains(error_message(make(1, 4, nn::kMaxLayers + 1)), "got 9"));

  const nn::Recurrent gru(store, "gru", {.cell = CellKind::gru, .input_size = 2, .hidden_size = 3});
  Tape tape;
  Tensor x({2, 4, 5}), good_x({2, 4, 2}), h0({2, 2, 3}), c0({1, 2, 3});
  EXPECT_TRUE(
      contains(error_message([&] { gru.forward(tape, store, tape.constant(x.view())); }), "(2, 4, 5)"));
  EXPECT_TRUE(contains(error_message([&] {
                         gru.forward(tape, store, tape.constant(good_x.view()),
                                     tape.constant(h0.view()));
                       }),
                       "h0 must be (1, 2, 3)"));
  EXPECT_TRUE(contains(error_message([&] {
                         gru.forward(tape, store, tape.constant(good_x.view()), Var{},
                                     tape.constant(c0.view()));
                       }),
                       "c0 given to a gru"));
}

TEST(Recurrent, FinalStatesAreEachLayersLastStep) {
  ParameterStore store;
  const nn::Recurrent lstm(
      store, "lstm", {.cell = CellKind::lstm, .input_size = 2, .hidden_size = 3, .layers = 2});
  Rng rng(3);
  lstm.reset_parameters(store, rng);
  Tensor x = random_tensor({2, 4, 2}, 4);
  Tape tape;
  const nn::SequenceOutput seq = lstm.forward(tape, store, tape.constant(x.view()));
  ASSERT_EQ(seq.layers, 2);
  EXPECT_EQ(seq.outputs.id, seq.hidden_states[1].id);
  EXPECT_EQ(seq.final_hidden.shape(), (Shape{2, 2, 3}));
  for (int l = 0; l < 2; ++l)
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t j = 0; j < 3; ++j) {
        EXPECT_EQ(seq.final_hidden.value()[(l * 2 + b) * 3 + j],
                  seq.hidden_states[l].value()[(b * 4 + 3) * 3 + j]);
        EXPECT_EQ(seq.final_cell.value()[(l * 2 + b) * 3 + j],
                  seq.cell_states[l].value()[(b * 4 + 3) * 3 + j]);
      }
}

TEST(Recurrent, InferenceModeRecordsNoGradients) {
  ParameterStore store;
  const nn::Recurrent gru(store, "gru", {.cell = CellKind::gru, .input_size = 1, .hidden_size = 3});
  Tensor x = random_tensor({2, 5, 1}, 1);
  Tape tape;
  tape.set_grad_enabled(false);
  const nn::SequenceOutput seq = gru.forward(tape, store, tape.constant(x.view()));
  EXPECT_FALSE(seq.outputs.requires_grad());
  EXPECT_FALSE(seq.final_hidden.requires_grad());
  EXPECT_FALSE(seq.final_cell);
}

// ---- Gradients of every output w.r.t. input, every weight, h0 and c0 -------------------------

struct GradCase {
  CellKind cell;
  int layers;
};

class RecurrentGradients : public ::testing::TestWithParam<GradCase> {};

TEST_P(RecurrentGradients, MatchFiniteDifferences) {
  constexpr int64_t kBatch = 2, kSteps = 3, kFeatures = 2, kHidden = 3;
  const GradCase c = GetParam();
  const bool lstm = c.cell == CellKind::lstm;
  ParameterStore store;
  const nn::Recurrent rnn(
      store, "rnn",
      {.cell = c.cell, .input_size = kFeatures, .hidden_size = kHidden, .layers = c.layers});
  // Weights larger than PyTorch's init so that the gates are far from linear.
  Rng rng(11);
  for (ParamId id = 0; id < store.size(); ++id) rng.fill_uniform(store.value(id), -0.8f, 0.8f);
  const Shape states{c.layers, kBatch, kHidden}, sequence{kBatch, kSteps, kHidden};
  Tensor x = random_tensor({kBatch, kSteps, kFeatures}, 1), h0 = random_tensor(states, 2);
  Tensor c0 = random_tensor(states, 3);
  Tensor dx(x.shape()), dh0(states), dc0(states);
  // One random weighting per output, so that a wrong gradient of any output, or two outputs'
  // gradients overwriting instead of adding up, changes the loss's gradient.
  std::vector<Tensor> weights;
  const int per_layer = lstm ? 2 : 1;  // hidden (and cell) sequence; then the final state(s)
  for (int k = 0; k < per_layer * (c.layers + 1); ++k)
    weights.push_back(random_tensor(k < per_layer * c.layers ? sequence : states, 100 + k));

  auto forward = [&](Tape& t) {
    const nn::SequenceOutput seq =
        rnn.forward(t, store, t.input(x.view(), dx.view()), t.input(h0.view(), dh0.view()),
                    lstm ? t.input(c0.view(), dc0.view()) : Var{});
    std::vector<Var> outputs;
    for (int l = 0; l < c.layers; ++l) {
      outputs.push_back(seq.hidden_states[l]);
      if (lstm) outputs.push_back(seq.cell_states[l]);
    }
    outputs.push_back(seq.final_hidden);
    if (lstm) outputs.push_back(seq.final_cell);
    Var loss;
    for (size_t k = 0; k < outputs.size(); ++k) {
      Var term = sum(mul(outputs[k], t.constant(weights[k].view())));
      loss = loss ? add(loss, term) : term;
    }
    return loss;
  };
  std::vector<testing::GradTarget> targets{{"x", x.view(), dx.view()},
                                           {"h0", h0.view(), dh0.view()}};
  if (lstm) targets.push_back({"c0", c0.view(), dc0.view()});
  for (ParamId id = 0; id < store.size(); ++id)
    targets.push_back({store.info(id).name, store.value(id), store.grad(id)});
  EXPECT_EQ(testing::check_gradients(forward, targets, testing::kFloat32Smooth), "");
}

INSTANTIATE_TEST_SUITE_P(Cells, RecurrentGradients,
                         ::testing::Values(GradCase{CellKind::rnn_tanh, 1},
                                           GradCase{CellKind::rnn_tanh, 2},
                                           GradCase{CellKind::lstm, 1}, GradCase{CellKind::lstm, 2},
                                           GradCase{CellKind::gru, 1}, GradCase{CellKind::gru, 2}),
                         [](const auto& info) {
                           return std::string(nn::cell_name(info.param.cell)) + "_" +
                                  std::to_string(info.param.layers) + "layer";
                         });

}  // namespace
}  // namespace flujo
