// nn::RecurrentStepper against its reference, the tape's one-step calls (Recurrent::forward over
// one step, then the head), for every cell and one and two layers, with a batch that splits
// unevenly and a hidden size that is no multiple of 16: equal up to the head's rounding, and the
// same bits for one, two and three threads. Then that runs continue where they stopped, and the
// errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "flujo/nn.hpp"
#include "support/gradcheck.hpp"
#include "support/threads_scope.hpp"

namespace flujo {
namespace {
using nn::CellKind;
using testing::random_tensor;
using testing::ThreadsScope;

constexpr int64_t kBatch = 19, kHidden = 20, kChannels = 2, kSteps = 7;

struct Net {
  ParameterStore store;
  nn::Recurrent recurrent;
  nn::Linear head;
  Net(CellKind cell, int layers)
      : recurrent(store, "rnn",
                  {.cell = cell, .input_size = kChannels, .hidden_size = kHidden,
                   .layers = layers}),
        head(store, "head", kHidden, kChannels) {
    Rng rng(11);
    recurrent.reset_parameters(store, rng);
    head.reset_parameters(store, rng);
  }
};

// A trajectory's state and every prediction made from it.
struct Trajectories {
  Tensor input, hidden, cell, predictions;
};

Trajectories start(CellKind cell, int layers) {
  const Shape states{layers, kBatch, kHidden};
  return {random_tensor({kBatch, kChannels}, 1), random_tensor(states, 2, -0.5f, 0.5f),
          cell == CellKind::lstm ? random_tensor(states, 3, -0.5f, 0.5f) : Tensor(),
          Tensor({kBatch, kSteps, kChannels})};
}

// The reference: kSteps calls of Recurrent::forward over one step, each prediction fed back.
void run_on_tape(Net& net, Trajectories& run) {
  Tape tape;
  tape.set_grad_enabled(false);
  const bool lstm = net.recurrent.options().cell == CellKind::lstm;
  for (int64_t step = 0; step < kSteps; ++step) {
    tape.reset();
    const Var x = tape.constant(ConstTensorView{run.input.data(), Shape{kBatch, 1, kChannels}});
    const nn::SequenceOutput out =
        net.recurrent.forward(tape, net.store, x, tape.constant(run.hidden.view()),
                              lstm ? tape.constant(run.cell.view()) : Var{});
    const Var y = net.head.forward(tape, net.store, reshape(out.outputs, Shape{kBatch, kHidden}));
    run.input.view().copy_from(y.value());
    run.hidden.view().copy_from(out.final_hidden.value());
    if (lstm) run.cell.view().copy_from(out.final_cell.value());
    for (int64_t b = 0; b < kBatch; ++b)
      for (int64_t c = 0; c < kChannels; ++c)
        run.predictions[(b * kSteps + step) * kChannels + c] = run.input[b * kChannels + c];
  }
}

bool same_bits(const Tensor& a, const Tensor& b) {
  if (a.data() == nullptr || b.data() == nullptr) return a.data() == b.data();  // no cell state
  return a.numel() == b.numel() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.numel())) == 0;
}

float max_difference(const Tensor& a, const Tensor& b) {
  float most = 0.0f;
  for (int64_t i = 0; i < a.numel(); ++i) most = std::max(most, std::fabs(a[i] - b[i]));
  return most;
}

Trajectories run_stepper(Net& net, CellKind cell, int layers, int threads) {
  const ThreadsScope scope(threads);
  Trajectories run = start(cell, layers);
  nn::RecurrentStepper stepper(net.recurrent, net.head, kBatch);
  stepper.prepare(net.store);
  run.predictions.view().fill(std::nanf(""));
  stepper.run(run.input.view(), run.hidden.view(), run.cell.view(), kSteps,
              run.predictions.view());
  return run;
}

// The stepper's head sums H products in 16 lanes and a tree, the BLAS in its own order: each may
// differ by a few float32 ulps (6e-8 relative) per step, fed back through 7 steps of a network
// whose gain is below 2 here. 1e-6 allows that and would catch any wrong term (they are ~1e-2).
constexpr float kHeadRoundingTolerance = 1e-6f;

TEST(RecurrentStepper, MatchesTheTapeUpToTheHeadsRounding) {
  for (CellKind cell : {CellKind::rnn_tanh, CellKind::lstm, CellKind::gru}) {
    for (int layers : {1, 2}) {
      SCOPED_TRACE(std::string(nn::cell_name(cell)) + ", layers " + std::to_string(layers));
      Net net(cell, layers);
      Trajectories expected = start(cell, layers);
      run_on_tape(net, expected);
      const Trajectories got = run_stepper(net, cell, layers, 1);
      EXPECT_LE(max_difference(got.predictions, expected.predictions), kHeadRoundingTolerance);
      EXPECT_LE(max_difference(got.hidden, expected.hidden), kHeadRoundingTolerance);
      if (cell == CellKind::lstm) {
        EXPECT_LE(max_difference(got.cell, expected.cell), kHeadRoundingTolerance);
      }
    }
  }
}

TEST(RecurrentStepper, GivesTheSameBitsForAnyThreadCount) {
  for (CellKind cell : {CellKind::rnn_tanh, CellKind::lstm, CellKind::gru}) {
    for (int layers : {1, 2}) {
      SCOPED_TRACE(std::string(nn::cell_name(cell)) + ", layers " + std::to_string(layers));
      Net net(cell, layers);
      const Trajectories one = run_stepper(net, cell, layers, 1);
      for (int threads : {2, 3}) {
        const Trajectories many = run_stepper(net, cell, layers, threads);
        EXPECT_TRUE(same_bits(many.predictions, one.predictions)) << threads << " threads";
        EXPECT_TRUE(same_bits(many.hidden, one.hidden)) << threads << " threads";
        EXPECT_TRUE(same_bits(many.cell, one.cell)) << threads << " threads";
      }
    }
  }
}

TEST(RecurrentStepper, RunsContinueWhereTheyStopped) {
  Net net(CellKind::lstm, 2);
  Trajectories whole = start(CellKind::lstm, 2), parts = start(CellKind::lstm, 2);
  nn::RecurrentStepper stepper(net.recurrent, net.head, kBatch);
  stepper.prepare(net.store);
  stepper.run(whole.input.view(), whole.hidden.view(), whole.cell.view(), kSteps,
              whole.predictions.view());
  stepper.run(parts.input.view(), parts.hidden.view(), parts.cell.view(), 3, TensorView{});
  stepper.run(parts.input.view(), parts.hidden.view(), parts.cell.view(), kSteps - 3,
              TensorView{});
  EXPECT_TRUE(same_bits(parts.input, whole.input));
  EXPECT_TRUE(same_bits(parts.hidden, whole.hidden));
  EXPECT_TRUE(same_bits(parts.cell, whole.cell));
}

TEST(RecurrentStepper, RejectsWhatItCannotRun) {
  Net net(CellKind::gru, 1);
  Trajectories run = start(CellKind::gru, 1);
  nn::RecurrentStepper stepper(net.recurrent, net.head, kBatch);
  EXPECT_THROW(stepper.run(run.input.view(), run.hidden.view(), TensorView{}, 1, TensorView{}),
               Error);  // before prepare()
  stepper.prepare(net.store);
  Tensor cell({1, kBatch, kHidden});
  EXPECT_THROW(stepper.run(run.input.view(), run.hidden.view(), cell.view(), 1, TensorView{}),
               Error);  // a cell state given to a GRU
  EXPECT_THROW(stepper.run(run.input.view(), run.hidden.view(), TensorView{}, 2,
                           run.predictions.view()),
               Error);  // predictions for 7 steps, 2 asked
  ParameterStore store;
  const nn::Linear wide(store, "wide", kHidden, kChannels + 1);
  EXPECT_THROW(nn::RecurrentStepper(net.recurrent, wide, kBatch), Error);
  EXPECT_THROW(nn::RecurrentStepper(net.recurrent, net.head, 0), Error);
}

}  // namespace
}  // namespace flujo
