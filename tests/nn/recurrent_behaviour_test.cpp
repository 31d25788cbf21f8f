// nn::Recurrent behaving as the equations say: gates forced open or shut give closed forms, and
// the gated cells learn a task that needs memory across a sequence.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "flujo/nn.hpp"
#include "support/gradcheck.hpp"

namespace flujo {
namespace {
using nn::CellKind;
using testing::random_tensor;

constexpr int64_t kBatch = 3, kSteps = 6, kFeatures = 2, kHidden = 4;
// A saturating bias: |W x + W h| stays below 3 here, so the gate sits within e^-27 ≈ 2e-12 of 0
// or 1, far below float32 resolution around the values compared.
constexpr float kSaturated = 30.0f;
// Closed forms are evaluated in double; the layer's float32 gates round to ~3e-7.
constexpr double kClosedForm = 2e-6;

// A one-layer network with PyTorch-style random weights and both bias vectors of gate `gate` set
// so that its pre-activation is bias_ih + bias_hh + (small) = `bias`.
struct Network {
  ParameterStore store;
  nn::Recurrent rnn;
  Network(CellKind cell, int gate, float bias)
      : rnn(store, "rnn", {.cell = cell, .input_size = kFeatures, .hidden_size = kHidden}) {
    Rng rng(5);
    rnn.reset_parameters(store, rng);
    if (gate < 0) return;
    for (int64_t j = gate * kHidden; j < (gate + 1) * kHidden; ++j) {
      store.value(rnn.layer(0).bias_ih)[j] = bias;
      store.value(rnn.layer(0).bias_hh)[j] = 0.0f;
    }
  }
};

const Tensor kInput = random_tensor({kBatch, kSteps, kFeatures}, 21);
const Tensor kH0 = random_tensor({1, kBatch, kHidden}, 22);
const Tensor kC0 = random_tensor({1, kBatch, kHidden}, 23, -2.0f, 2.0f);

// Largest |sequence[b, t, j] − state[b, j]| over all steps.
double max_distance_to_state(ConstTensorView sequence, ConstTensorView state) {
  double worst = 0.0;
  for (int64_t b = 0; b < kBatch; ++b)
    for (int64_t t = 0; t < kSteps; ++t)
      for (int64_t j = 0; j < kHidden; ++j)
        worst =
            std::max(worst, std::abs(static_cast<double>(sequence[(b * kSteps + t) * kHidden + j]) -
                                     state[b * kHidden + j]));
  return worst;
}

double max_difference(ConstTensorView a, ConstTensorView b) {
  double worst = 0.0;
  for (int64_t i = 0; i < b.numel(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(a[i]) - b[i]));
  return worst;
}

TEST(RecurrentGates, LstmWithForgetOpenAndInputShutKeepsTheCell) {
  Network net(CellKind::lstm, 0, -kSaturated);     // input gate i shut
  for (int64_t j = kHidden; j < 2 * kHidden; ++j)  // forget gate f open
    net.store.value(net.rnn.layer(0).bias_ih)[j] = kSaturated;
  Tape tape;
  const nn::SequenceOutput seq =
      net.rnn.forward(tape, net.store, tape.constant(kInput.view()), tape.constant(kH0.view()),
                      tape.constant(kC0.view()));
  EXPECT_LE(max_distance_to_state(seq.cell_states[0].value(), kC0.view()), kClosedForm);
  EXPECT_LE(max_difference(seq.final_cell.value(), kC0.view()), kClosedForm);
}

TEST(RecurrentGates, LstmWithOutputShutEmitsZero) {
  Network net(CellKind::lstm, 3, -kSaturated);
  Tape tape;
  const nn::SequenceOutput seq =
      net.rnn.forward(tape, net.store, tape.constant(kInput.view()), tape.constant(kH0.view()),
                      tape.constant(kC0.view()));
  const Tensor zeros({kBatch, kHidden});
  EXPECT_LE(max_distance_to_state(seq.outputs.value(), zeros.view()), kClosedForm);
  // ... while the cell still moves: the closed gate hides it, nothing else.
  EXPECT_GT(max_distance_to_state(seq.cell_states[0].value(), kC0.view()), 0.1);
}

TEST(RecurrentGates, GruWithUpdateGateOneCopiesTheState) {
  Network net(CellKind::gru, 1, kSaturated);
  Tape tape;
  const nn::SequenceOutput seq =
      net.rnn.forward(tape, net.store, tape.constant(kInput.view()), tape.constant(kH0.view()));
  EXPECT_LE(max_distance_to_state(seq.outputs.value(), kH0.view()), kClosedForm);
  EXPECT_LE(max_difference(seq.final_hidden.value(), kH0.view()), kClosedForm);
}

TEST(RecurrentGates, RnnWithoutRecurrentWeightsIsAFeedForwardTanhLayer) {
  Network net(CellKind::rnn_tanh, -1, 0.0f);
  net.store.value(net.rnn.layer(0).weight_hh).fill(0.0f);
  Tape tape;
  const nn::SequenceOutput seq =
      net.rnn.forward(tape, net.store, tape.constant(kInput.view()), tape.constant(kH0.view()));
  const ConstTensorView w = net.store.value(net.rnn.layer(0).weight_ih);
  const ConstTensorView b_ih = net.store.value(net.rnn.layer(0).bias_ih);
  const ConstTensorView b_hh = net.store.value(net.rnn.layer(0).bias_hh);
  double worst = 0.0;
  for (int64_t row = 0; row < kBatch * kSteps; ++row)
    for (int64_t j = 0; j < kHidden; ++j) {
      double a = static_cast<double>(b_ih[j]) + b_hh[j];
      for (int64_t f = 0; f < kFeatures; ++f)
        a += static_cast<double>(w[j * kFeatures + f]) * kInput[row * kFeatures + f];
      worst = std::max(worst, std::abs(std::tanh(a) - seq.outputs.value()[row * kHidden + j]));
    }
  EXPECT_LE(worst, kClosedForm);
}

// ---- A task that needs memory -----------------------------------------------------------------
// Every input is uniform in [-1, 1]; the target at the last of 10 steps is the sign of the first
// input, so the network has to carry one bit past 9 distracting inputs. Trained with SGD with
// momentum and gradient-norm clipping (written here; flujo::optim is tested on its own), from
// PyTorch's init except that the gate keeping the state starts at bias +2 (Jozefowicz et al.
// 2015): otherwise the first input's gradient shrinks ~2^-9 and plain SGD plateaus for thousands
// of steps. The last quarter runs at a tenth of the rate: at the full rate the final accuracy
// jitters between 92% and 99% from one step to the next, and which value the last step lands on
// depends on rounding (native and generic builds differ). Chance is 50%; with the decay every seed
// tried (1-12) passes in both the native Release and the generic sanitizer build.

constexpr int64_t kTaskSteps = 10, kTaskHidden = 12, kTaskBatch = 32, kTrainSteps = 800;
constexpr float kLearningRate = 0.05f, kMomentum = 0.9f, kClipNorm = 1.0f, kKeepBias = 2.0f;

void fill_task(Rng& rng, Tensor& x, Tensor& target) {
  rng.fill_uniform(x.view(), -1.0f, 1.0f);
  const int64_t batch = x.shape()[0];
  for (int64_t b = 0; b < batch; ++b) target[b] = x[b * kTaskSteps] > 0.0f ? 1.0f : -1.0f;
}

// Test accuracy of a one-layer network with a linear head on the last hidden state.
double train_and_score(CellKind cell) {
  ParameterStore store;
  const nn::Recurrent rnn(store, "rnn",
                          {.cell = cell, .input_size = 1, .hidden_size = kTaskHidden});
  const nn::Linear head(store, "head", kTaskHidden, 1);
  Rng rng(1);
  rnn.reset_parameters(store, rng);
  head.reset_parameters(store, rng);
  // Gate 1 is the LSTM's forget gate f and the GRU's update gate z.
  for (int64_t j = kTaskHidden; j < 2 * kTaskHidden; ++j)
    store.value(rnn.layer(0).bias_ih)[j] = kKeepBias;

  Tensor x({kTaskBatch, kTaskSteps, 1}), target({1, kTaskBatch, 1});
  std::vector<float> velocity(store.numel());
  Tape tape;
  for (int64_t step = 0; step < kTrainSteps; ++step) {
    fill_task(rng, x, target);
    tape.reset();
    store.zero_grad();
    const nn::SequenceOutput seq = rnn.forward(tape, store, tape.constant(x.view()));
    tape.backward(
        mse_loss(head.forward(tape, store, seq.final_hidden), tape.constant(target.view())));
    double norm = 0.0;
    for (int64_t i = 0; i < store.numel(); ++i) norm += double{store.grads()[i]} * store.grads()[i];
    const float clip = static_cast<float>(std::min(1.0, kClipNorm / std::sqrt(norm)));
    const float learning_rate = step < kTrainSteps * 3 / 4 ? kLearningRate : kLearningRate / 10;
    for (int64_t i = 0; i < store.numel(); ++i) {
      velocity[i] = kMomentum * velocity[i] + clip * store.grads()[i];
      store.values()[i] -= learning_rate * velocity[i];
    }
  }
  constexpr int64_t kTestBatch = 1000;
  Tensor test_x({kTestBatch, kTaskSteps, 1}), test_target({1, kTestBatch, 1});
  fill_task(rng, test_x, test_target);
  tape.reset();
  const Var final_hidden = rnn.forward(tape, store, tape.constant(test_x.view())).final_hidden;
  const Var y = head.forward(tape, store, final_hidden);
  int correct = 0;
  for (int64_t b = 0; b < kTestBatch; ++b)
    correct += (y.value()[b] > 0.0f) == (test_target[b] > 0.0f);
  return static_cast<double>(correct) / kTestBatch;
}

TEST(RecurrentMemory, LstmRemembersTheFirstSign) {
  EXPECT_GT(train_and_score(CellKind::lstm), 0.95);
}
TEST(RecurrentMemory, GruRemembersTheFirstSign) { EXPECT_GT(train_and_score(CellKind::gru), 0.95); }

}  // namespace
}  // namespace flujo
