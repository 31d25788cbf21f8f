// The fused recurrent kernels against their plain-loop reference, the vectorisable gate functions
// against the exact ones, and the Var-level op's checks. Gradients against finite differences and
// PyTorch live in tests/nn (recurrent_test, pytorch_parity_test).
#include "flujo/core/recurrent.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/ops/recurrent_gates.hpp"
#include "core/ops/reference/recurrent_reference.hpp"
#include "flujo/core/error.hpp"
#include "support/fixture.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using testing::random_tensor;

// The gates' sigmoid and tanh (at the active kernel level) against float64 std functions,
// relative to the exact value: the rational tanh and the Cephes exp are ~2 ulp (1.2e-7 each) in
// float32; 5e-7 leaves margin.
constexpr double kGateMathRelative = 5e-7;

// The vector functions on one value (a partial vector: every lane computes the same).
float sigmoid_of(float x) {
  float y = 0.0f;
  ops::gate_sigmoid(&x, &y, 1);
  return y;
}
float tanh_of(float x) {
  float y = 0.0f;
  ops::gate_tanh(&x, &y, 1);
  return y;
}

TEST(GateMath, SigmoidAndTanhMatchExactFunctions) {
  double worst_sigmoid = 0.0, worst_tanh = 0.0;
  for (double v = -30.0; v <= 30.0; v += 1.0 / 1024.0) {
    const float x = static_cast<float>(v);
    const double sigmoid = 1.0 / (1.0 + std::exp(-static_cast<double>(x)));
    const double tanh = std::tanh(static_cast<double>(x));
    worst_sigmoid =
        std::max(worst_sigmoid, std::abs(sigmoid_of(x) - sigmoid) / sigmoid);
    if (x != 0.0f)
      worst_tanh = std::max(worst_tanh, std::abs(tanh_of(x) - tanh) / std::abs(tanh));
  }
  EXPECT_LE(worst_sigmoid, kGateMathRelative);
  EXPECT_LE(worst_tanh, kGateMathRelative);
  EXPECT_EQ(tanh_of(0.0f), 0.0f);
  EXPECT_FLOAT_EQ(tanh_of(1e-20f), 1e-20f);  // small arguments keep relative accuracy
  EXPECT_EQ(sigmoid_of(-200.0f) >= 0.0f, true);
  EXPECT_EQ(sigmoid_of(200.0f), 1.0f);
  EXPECT_EQ(tanh_of(200.0f), tanh_of(7.9053111f));
}

// Fast and reference kernels differ by the gate functions' rounding (kGateMathRelative) and by
// summation order (gemm blocks vs. plain loops, ~1e-7 per sum); over 6 steps and 2 layers of
// forward and backward that stays below 1e-6 of each tensor's scale (worst seen: 7e-7). A wrong
// index or a missing term shows up at 1e-2 or more.
constexpr double kFastVsReference = 5e-6;

struct Kernels {
  decltype(&ops::recurrent_forward) forward;
  decltype(&ops::recurrent_backward) backward;
};
const Kernels kFast{ops::recurrent_forward, ops::recurrent_backward};
const Kernels kReference{ops::reference::recurrent_forward, ops::reference::recurrent_backward};

struct StackCase {
  RecurrentCell cell;
  int layers;
  bool initial_states;
  // 19 exercises the vectorised body and the masked remainder of the fused loops; 260 (above
  // LSTM H = 256) the large-layer path, whose per-step products go to the BLAS.
  int64_t hidden = 19;
  // 6 steps take the backward walk in one chunk; 140 in three (64 + 64 + 12), each chunk's
  // weight gradients summed after it.
  int64_t steps = 6;
};

// Everything one run produces, named, so that two runs compare element by element.
using Results = std::vector<std::pair<std::string, Tensor>>;

// Runs `layers` stacked layers through the given kernels: forward, then backward from random
// gradients on every output (each layer's hidden and cell sequence and final states). `threads`
// workers split the 3 batch rows unevenly (1 + 2 with two).
Results run_stack(const Kernels& kernels, const StackCase& c, int64_t threads = 1) {
  constexpr int64_t kBatch = 3, kFeatures = 2;
  const int64_t kSteps = c.steps;
  const int64_t kHidden = c.hidden;
  // Recurrent weights shrink as 1/sqrt(H), so that pre-activations keep their size at any H.
  const float recurrent_scale = 0.4f * std::sqrt(19.0f / static_cast<float>(kHidden));
  const bool lstm = c.cell == RecurrentCell::lstm;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  uint64_t seed = 10;
  const auto random = [&](Shape shape, float scale) {
    return random_tensor(shape, seed++, -scale, scale);
  };
  struct Layer {
    ops::RecurrentDims dims;
    Tensor w_ih, w_hh, b_ih, b_hh, h0, c0, hidden, cell, final_hidden, final_cell;
    Tensor dw_ih, dw_hh, db_ih, db_hh, dh0, dc0, dhidden, dcell, dfinal_hidden, dfinal_cell;
    std::vector<float> saved, work;
  };
  std::vector<Layer> layers(c.layers);
  Tensor x = random({kBatch, kSteps, kFeatures}, 1.0f), dx({kBatch, kSteps, kFeatures});
  for (int l = 0; l < c.layers; ++l) {
    Layer& p = layers[l];
    const int64_t in = l == 0 ? kFeatures : kHidden;
    p.dims = {c.cell, kBatch, kSteps, in, kHidden, threads};
    const int64_t gh = p.dims.gates() * kHidden;
    const Shape seq{kBatch, kSteps, kHidden}, state{kBatch, kHidden};
    p.w_ih = random({gh, in}, 0.5f), p.w_hh = random({gh, kHidden}, recurrent_scale);
    p.b_ih = random({gh}, 0.5f), p.b_hh = random({gh}, 0.5f);
    p.dw_ih = Tensor(p.w_ih.shape()), p.dw_hh = Tensor(p.w_hh.shape());
    p.db_ih = Tensor(p.b_ih.shape()), p.db_hh = Tensor(p.b_hh.shape());
    p.hidden = Tensor(seq, nan), p.final_hidden = Tensor(state, nan);
    p.dhidden = random(seq, 1.0f), p.dfinal_hidden = random(state, 1.0f);
    if (c.initial_states) p.h0 = random(state, 1.0f), p.dh0 = Tensor(state);
    if (lstm) {
      p.cell = Tensor(seq, nan), p.final_cell = Tensor(state, nan);
      p.dcell = random(seq, 1.0f), p.dfinal_cell = random(state, 1.0f);
      if (c.initial_states) p.c0 = random(state, 1.0f), p.dc0 = Tensor(state);
    }
    p.saved.assign(ops::RecurrentSaved::floats(p.dims), nan);
    p.work.assign(ops::RecurrentWork::floats(p.dims), nan);
  }
  const auto inputs = [&](int l) {
    const Layer& p = layers[l];
    return ops::RecurrentInputs{l == 0 ? x.view() : layers[l - 1].hidden.view(),
                                p.w_ih.view(),
                                p.w_hh.view(),
                                p.b_ih.view(),
                                p.b_hh.view(),
                                p.h0.view(),
                                p.c0.view()};
  };
  for (int l = 0; l < c.layers; ++l) {
    Layer& p = layers[l];
    kernels.forward(p.dims,
                    {p.hidden.view(), p.cell.view(), p.final_hidden.view(), p.final_cell.view()},
                    ops::RecurrentSaved::carve(p.saved.data(), p.dims), inputs(l));
  }
  // Top down: layer l's dx lands in layer l-1's hidden-sequence gradient before that one runs.
  for (int l = c.layers - 1; l >= 0; --l) {
    Layer& p = layers[l];
    kernels.backward(
        p.dims,
        {l == 0 ? dx.view() : layers[l - 1].dhidden.view(), p.dw_ih.view(), p.dw_hh.view(),
         p.db_ih.view(), p.db_hh.view(), p.dh0.view(), p.dc0.view()},
        ops::RecurrentWork::carve(p.work.data(), p.dims),
        {p.dhidden.view(), p.dcell.view(), p.dfinal_hidden.view(), p.dfinal_cell.view()},
        ops::RecurrentSaved::carve(p.saved.data(), p.dims), inputs(l));
  }
  Results results{{"dx", dx}};
  for (int l = 0; l < c.layers; ++l) {
    const Layer& p = layers[l];
    const std::string at = "[" + std::to_string(l) + "]";
    for (auto [name, t] :
         std::vector<std::pair<const char*, Tensor>>{{"hidden", p.hidden},
                                                     {"final_hidden", p.final_hidden},
                                                     {"cell", p.cell},
                                                     {"final_cell", p.final_cell},
                                                     {"dweight_ih", p.dw_ih},
                                                     {"dweight_hh", p.dw_hh},
                                                     {"dbias_ih", p.db_ih},
                                                     {"dbias_hh", p.db_hh},
                                                     {"dh0", p.dh0},
                                                     {"dc0", p.dc0}}) {
      if (t.data() != nullptr) results.emplace_back(name + at, t);
    }
  }
  return results;
}

class FastVsReference : public ::testing::TestWithParam<StackCase> {};

TEST_P(FastVsReference, ForwardAndBackwardAgree) {
  const Results fast = run_stack(kFast, GetParam());
  const Results reference = run_stack(kReference, GetParam());
  ASSERT_EQ(fast.size(), reference.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    ASSERT_EQ(fast[i].first, reference[i].first);
    EXPECT_TRUE(testing::expect_close(fast[i].second.view(), reference[i].second.view(),
                                      kFastVsReference, fast[i].first));
  }
}

TEST_P(FastVsReference, FastKernelIsBitwiseRepeatable) {
  const Results first = run_stack(kFast, GetParam());
  const Results second = run_stack(kFast, GetParam());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(std::memcmp(first[i].second.data(), second[i].second.data(),
                          sizeof(float) * first[i].second.numel()),
              0)
        << first[i].first;
  }
}

// Two workers: the same tolerance against the reference, and bitwise equal from run to run
// (fixed split, partial gradients added in worker order).
TEST_P(FastVsReference, TwoWorkersMatchReferenceAndRepeatBitwise) {
  const Results first = run_stack(kFast, GetParam(), 2);
  const Results second = run_stack(kFast, GetParam(), 2);
  const Results reference = run_stack(kReference, GetParam());
  ASSERT_EQ(first.size(), reference.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_TRUE(testing::expect_close(first[i].second.view(), reference[i].second.view(),
                                      kFastVsReference, first[i].first));
    EXPECT_EQ(std::memcmp(first[i].second.data(), second[i].second.data(),
                          sizeof(float) * first[i].second.numel()),
              0)
        << first[i].first;
  }
}

std::string case_name(const ::testing::TestParamInfo<StackCase>& info) {
  const StackCase& c = info.param;
  const char* cell = c.cell == RecurrentCell::lstm  ? "lstm"
                     : c.cell == RecurrentCell::gru ? "gru"
                                                    : "rnn";
  return std::string(cell) + "_" + std::to_string(c.layers) + "layer" +
         (c.initial_states ? "_initial" : "_zero") +
         (c.hidden != 19 ? "_hidden" + std::to_string(c.hidden) : "") +
         (c.steps != 6 ? "_steps" + std::to_string(c.steps) : "");
}

INSTANTIATE_TEST_SUITE_P(Cells, FastVsReference,
                         ::testing::Values(StackCase{RecurrentCell::rnn_tanh, 1, false},
                                           StackCase{RecurrentCell::rnn_tanh, 2, true},
                                           StackCase{RecurrentCell::lstm, 1, false},
                                           StackCase{RecurrentCell::lstm, 1, true},
                                           StackCase{RecurrentCell::lstm, 2, false},
                                           StackCase{RecurrentCell::lstm, 2, true},
                                           StackCase{RecurrentCell::gru, 1, false},
                                           StackCase{RecurrentCell::gru, 2, true},
                                           StackCase{RecurrentCell::gru, 2, false},
                                           StackCase{RecurrentCell::rnn_tanh, 2, false},
                                           StackCase{RecurrentCell::lstm, 2, true, 260},
                                           StackCase{RecurrentCell::gru, 1, false, 300},
                                           StackCase{RecurrentCell::lstm, 2, true, 19, 140},
                                           StackCase{RecurrentCell::gru, 1, true, 19, 140}),
                         case_name);

TEST(RecurrentLayer, RejectsMismatchedShapesNamingThePart) {
  Tape tape;
  Tensor x({2, 3, 2}), w_ih({8, 2}), w_hh({8, 2}), bias({8}), states({1, 2, 2});
  const RecurrentLayerArgs good{.cell = RecurrentCell::lstm,
                                .layer = 0,
                                .x = tape.constant(x.view()),
                                .weight_ih = tape.constant(w_ih.view()),
                                .weight_hh = tape.constant(w_hh.view()),
                                .bias_ih = tape.constant(bias.view()),
                                .bias_hh = tape.constant(bias.view()),
                                .h0 = tape.constant(states.view()),
                                .c0 = tape.constant(states.view()),
                                .final_hidden = tape.make(states.shape(), false),
                                .final_cell = tape.make(states.shape(), false)};
  EXPECT_NO_THROW(recurrent_layer(good));
  const auto message = [](const RecurrentLayerArgs& args) -> std::string {
    try {
      recurrent_layer(args);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  Tensor wrong_ih({8, 3}), wrong_states({1, 3, 2});
  RecurrentLayerArgs args = good;
  args.weight_ih = tape.constant(wrong_ih.view());
  EXPECT_NE(message(args).find("weight_ih"), std::string::npos) << message(args);
  args = good;
  args.c0 = tape.constant(wrong_states.view());
  EXPECT_NE(message(args).find("c0"), std::string::npos) << message(args);
  args = good;
  args.layer = 1;  // h0 has one layer only
  EXPECT_NE(message(args).find("h0"), std::string::npos) << message(args);
  args = good;
  args.final_cell = {};
  EXPECT_NE(message(args).find("LSTM only"), std::string::npos) << message(args);
  args = good;
  args.cell = RecurrentCell::gru;  // 8 rows are 4 gates, not 3
  args.final_cell = {};
  args.c0 = {};
  EXPECT_NE(message(args).find("weight_ih"), std::string::npos) << message(args);
}

}  // namespace
}  // namespace flujo
