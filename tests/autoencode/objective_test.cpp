// flujo autoencode's objective: without --variational, the mean squared error of the decoded
// frames; with it, that error at z = μ plus β times the posterior's KL divergence from N(0, 1)
// in evaluation, and in training a gradient (through z = μ + σ ⊙ ε, for a fixed draw of ε) that
// matches finite differences on the posterior's layer; the false-nearest-neighbour penalty's
// weights and gradient.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "autoencode/objective.hpp"
#include "flujo/core/ops.hpp"
#include "support/gradcheck.hpp"

namespace flujo::autoencode {
namespace {

constexpr double kBeta = 0.25;  // large, so that a KL term computed wrong shows in the total
// The posterior layer's gradients here are 1e-4 to 1e-3, under the stock float32 bounds: the
// absolute bound is the rounding floor instead, 1e-7 of the loss (0.2–0.6) over 2h = 2e-3, with
// a margin of 3.
constexpr testing::GradTolerance kSmallGradients{1e-3, 3e-5, 2e-2};

// Six random 16 × 16 frames; inputs are single frames and their targets the next ones.
movie::Frames random_frames() {
  movie::Frames frames{6, 16, 16, {}};
  const Tensor pixels = testing::random_tensor({6 * 256}, 3, 0.0f, 1.0f);
  frames.pixels.assign(pixels.data(), pixels.data() + pixels.numel());
  return frames;
}

struct TinyModel {
  movie::Frames frames = random_frames();
  ParameterStore store;
  nn::ConvAutoencoder model;
  explicit TinyModel(bool variational)
      : model(store, {.size = 16, .frames = 1, .width = 2, .latent = 2, .variational = variational}) {
    Rng rng(6);
    model.reset_parameters(store, rng);
  }
};

// The objective of inputs 0..3 at z = μ, recomputed from the model's own posterior in double.
double expected_objective(TinyModel& s, bool variational) {
  Tape tape;
  const Tensor inputs = Tensor::from({4, 1, 16, 16}, std::vector<float>(s.frames.frame(0), s.frames.frame(4)));
  const Tensor targets = Tensor::from({4, 1, 16, 16}, std::vector<float>(s.frames.frame(1), s.frames.frame(5)));
  const Var x = tape.constant(inputs.view());
  Var mean = s.model.encode(tape, s.store, x);
  double kl = 0;
  if (variational) {
    const nn::Posterior posterior = s.model.encode_posterior(tape, s.store, x);
    mean = posterior.mean;
    for (int64_t i = 0; i < 8; ++i) {
      const double mu = posterior.mean.value()[i], log_variance = posterior.log_variance.value()[i];
      kl += 0.5 * (mu * mu + std::exp(log_variance) - log_variance - 1) / 4;
    }
  }
  const Var decoded = s.model.decode(tape, s.store, mean);
  double squared = 0;
  for (int64_t i = 0; i < decoded.value().numel(); ++i)
    squared += std::pow(decoded.value()[i] - targets[i], 2);
  return squared / static_cast<double>(decoded.value().numel()) + (variational ? kBeta * kl : 0.0);
}

TEST(AutoencodeObjective, IsTheErrorPlusBetaTimesTheKlDivergenceAtTheMean) {
  for (const bool variational : {false, true}) {
    TinyModel s(variational);
    Objective objective(s.frames, s.model, 1, 4, kBeta, 0.0);
    Tape tape;
    double sum = 0;
    std::vector<double> latent(8);
    objective.evaluate(tape, s.store, 0, 4, latent.data(), &sum);
    // float32 forward passes against the same arithmetic in double.
    EXPECT_NEAR(sum / 4, expected_objective(s, variational), 1e-5) << variational;
  }
}

// The objective's gradient on the posterior layer (encoder.7) against finite differences, the same
// ε on every pass (a generator made afresh from one seed).
std::string posterior_layer_gradient_errors(TinyModel& s, Objective& objective) {
  const std::vector<int64_t> rows = {0, 2, 3, 4};
  auto forward = [&](Tape& tape) {
    Rng noise(11);
    return objective.loss(tape, s.store, rows, noise);
  };
  const ParamId weight = s.store.find("encoder.7.weight"), bias = s.store.find("encoder.7.bias");
  s.store.zero_grad();
  return testing::check_gradients(forward,
                                  {{"encoder.7.weight", s.store.value(weight), s.store.grad(weight)},
                                   {"encoder.7.bias", s.store.value(bias), s.store.grad(bias)}},
                                  kSmallGradients);
}

TEST(AutoencodeObjective, VariationalGradientMatchesFiniteDifferences) {
  TinyModel s(true);
  Objective objective(s.frames, s.model, 1, 4, kBeta, 0.0);
  EXPECT_EQ(posterior_layer_gradient_errors(s, objective), "");
}

// A circle in its first two coordinates and a third that is 0: the second unfolds the first (its
// projection on one axis puts opposite points together), the third adds nothing.
TEST(AutoencodeObjective, FalseNeighbourWeightsSpareACoordinateThatUnfoldsAndNotOneThatDoesNot) {
  const int64_t batch = 200;
  std::vector<float> latent;
  for (int64_t b = 0; b < batch; ++b) {
    const double angle = 2 * 3.14159265358979 * static_cast<double>(b) / batch;
    latent.insert(latent.end(), {static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)), 0.0f});
  }
  std::vector<double> scratch(batch);
  float weights[3];
  nn::false_neighbour_weights(latent.data(), batch, 3, scratch, weights);
  EXPECT_EQ(weights[0], 0.0f);   // the first coordinate is never penalised
  EXPECT_LT(weights[1], 0.9f);   // the nearest points in cos θ alone are often across the circle
  EXPECT_EQ(weights[2], 1.0f);   // a constant coordinate makes no neighbour false
}

TEST(AutoencodeObjective, FalseNeighbourPenaltyGradientMatchesFiniteDifferences) {
  TinyModel s(false);
  Objective objective(s.frames, s.model, 1, 4, 0.0, 0.5);
  EXPECT_EQ(posterior_layer_gradient_errors(s, objective), "");
}
}  // namespace
}  // namespace flujo::autoencode
