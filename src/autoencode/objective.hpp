#pragma once
// What flujo autoencode minimises, batch by batch. Input i is frames i … i + K − 1 of the movie
// stacked as channels (B, K, S, S); its target is the K frames after it (target offset K) or
// itself (offset 0). Both are gathered into buffers made once, and each batch is a view of them.
// The objective is the mean squared error of the decoder's frames, and for the variational
// autoencoder also β times the KL divergence of the posterior from N(0, 1),
//   KL = ½ Σ_z (μ² + σ² − log σ² − 1), averaged over the batch,
// with the decoder reading z = μ + σ ⊙ ε in training (ε ~ N(0, 1), drawn from the caller's
// generator) and z = μ in evaluation. With a false-nearest-neighbour weight λ > 0 it adds
// nn::FalseNeighbourPenalty of the latent (μ for the variational autoencoder).
#include <cstdint>
#include <span>
#include <vector>

#include "flujo/core.hpp"
#include "flujo/movie.hpp"
#include "flujo/nn/conv_autoencoder.hpp"
#include "flujo/nn/false_neighbour_penalty.hpp"

namespace flujo::autoencode {

class Objective {
 public:
  // max_batch: the largest batch `loss` or `evaluate` is given.
  Objective(const movie::Frames& frames, const nn::ConvAutoencoder& model, int64_t target_offset,
            int64_t max_batch, double kl_weight, double fnn_weight);

  // The objective of inputs `rows` on the tape, for backward; noise draws ε (variational only).
  Var loss(Tape& tape, ParameterStore& store, std::span<const int64_t> rows, Rng& noise);

  // Over inputs [first, first + count), max_batch at a time and without gradients: each input's
  // latent (count, Z) into `latent`, and the sum over inputs of the objective at z = μ into
  // `loss_sum`; either may be null.
  void evaluate(Tape& tape, ParameterStore& store, int64_t first, int64_t count, double* latent,
                double* loss_sum);

 private:
  struct Batch {
    Var inputs, targets;
  };
  Batch batch(Tape& tape, std::span<const int64_t> rows);
  // noise null: z = μ.
  Var objective(Tape& tape, ParameterStore& store, const Batch& b, Rng* noise);

  const movie::Frames& frames_;
  const nn::ConvAutoencoder& model_;
  int64_t target_offset_, max_batch_;
  double kl_weight_, fnn_weight_;
  Tensor inputs_, targets_, noise_, minus_ones_;
  nn::FalseNeighbourPenalty fnn_penalty_;
  std::vector<int64_t> rows_, shifted_;
};

}  // namespace flujo::autoencode
