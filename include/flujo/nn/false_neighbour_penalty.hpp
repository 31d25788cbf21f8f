#pragma once
// Gilpin's (2020) false-nearest-neighbour latent penalty, for the autoencoders: over a batch's
// latent codes z (B, Z),
//   penalty = λ Σ_d w_d · rms_d,   rms_d = √(mean_b z_bd² + 1e-12),
// where w_d, held constant within the step (no gradient through it), is 1 − the fraction of the
// batch's k nearest neighbours in the first d coordinates that coordinate d makes false (Kennel et
// al. 1992's two tests: the step in coordinate d over the distance above 20, or the new distance
// above twice the first d coordinates' root-mean-square spread; k = 1% of the batch, at least 1),
// and w_0 = 0. A coordinate that does not unfold the others costs its activity, so training
// pushes it to zero and the latent keeps as few coordinates as the data need.
#include <cstdint>
#include <span>
#include <vector>

#include "flujo/core.hpp"

namespace flujo::nn {

// The weights w (Z) of the latent values (B, Z); distances: scratch of B doubles.
void false_neighbour_weights(const float* latent, int64_t batch, int64_t dims, std::span<double> distances,
                             float* weights);

class FalseNeighbourPenalty {
 public:
  // Buffers for batches of up to max_batch codes of `latent` coordinates, made once.
  FalseNeighbourPenalty(int64_t max_batch, int64_t latent, double weight);
  // λ Σ_d w_d · rms_d of latent (B, Z), B ≤ max_batch; the w_d of this batch are kept in weights().
  Var operator()(Tape& tape, Var latent);
  const Tensor& weights() const { return weights_; }

 private:
  float weight_;
  Tensor ones_, tiny_, weights_;  // (1, max_batch) ones; (Z) of 1e-12; (Z) the w_d
  std::vector<double> distances_;
};

}  // namespace flujo::nn
