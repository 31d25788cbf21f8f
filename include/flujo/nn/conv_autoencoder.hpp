#pragma once
// The convolutional autoencoder of frames, in the layout of two PyTorch nn.Sequential so that its
// weights move one to one (tools/torch_reference.py holds the twin). Shapes: B inputs of C
// stacked frames (consecutive frames carry the velocity one frame lacks), S × S pixels (S
// divisible by 8), W the first layer's channels, Z the latent:
//
//   encoder: Conv2d(C, W, 4, 2, 1) ReLU  Conv2d(W, 2W, 4, 2, 1) ReLU  Conv2d(2W, 2W, 4, 2, 1) ReLU
//            Flatten  Linear(2W·(S/8)², Z)                    frames (B, C, S, S) → latent (B, Z)
//   decoder: Linear(Z, 2W·(S/8)²) ReLU  Unflatten(2W, S/8, S/8)
//            ConvTranspose2d(2W, 2W, 4, 2, 1) ReLU  ConvTranspose2d(2W, W, 4, 2, 1) ReLU
//            ConvTranspose2d(W, C, 4, 2, 1)                latent (B, Z) → frames
//
// The last layer is linear: with a sigmoid there, training on a pendulum's small bright bob sank
// into the dark background (every pixel's sigmoid saturated near 0, the loss stuck at the
// background's mean square) where the linear output learns the bob.
//
// Variational (Kingma & Welling 2014): encoder.7 gives 2Z outputs, the posterior's mean μ and
// log-variance log σ² (in that order, as a PyTorch twin's Linear(…, 2Z).chunk(2, dim=1)); the
// decoder reads z = μ + σ ⊙ ε with ε ~ N(0, 1) drawn per step, and the loss adds the KL
// divergence from N(0, 1). The latent analysed is μ.
//
// Each stride-2 layer halves (or doubles) the side exactly. Parameters, under PyTorch's names:
// encoder.{0, 2, 4, 7}.{weight, bias} and decoder.{0, 3, 5, 7}.{weight, bias}; biases take no
// weight decay. Initialisation is PyTorch's default: uniform in ±1/√fan_in with fan_in = C·4·4
// for a convolution, and, as PyTorch computes it for a transposed one, weight.size(1)·4·4.
#include <cstdint>

#include "flujo/core.hpp"

namespace flujo::nn {

struct ConvAutoencoderOptions {
  int64_t size = 64;   // S
  int64_t frames = 1;  // C
  int64_t width = 16;  // W
  int64_t latent = 3;  // Z
  bool variational = false;
};

// The variational encoder's posterior: mean and log-variance, each (B, Z).
struct Posterior {
  Var mean, log_variance;
};

class ConvAutoencoder {
 public:
  // Throws Error naming the option when S is not a multiple of 8 of at least 8, or C, W, Z < 1.
  ConvAutoencoder(ParameterStore& store, ConvAutoencoderOptions options);
  void reset_parameters(ParameterStore& store, Rng& rng) const;
  // The latent (B, Z): the code, or the posterior's mean when variational.
  Var encode(Tape& tape, ParameterStore& store, Var frames) const;
  // Requires variational.
  Posterior encode_posterior(Tape& tape, ParameterStore& store, Var frames) const;
  Var decode(Tape& tape, ParameterStore& store, Var latent) const;
  const ConvAutoencoderOptions& options() const { return options_; }

 private:
  struct Layer {
    ParamId weight = -1, bias = -1;
    int64_t fan_in = 0;
  };
  Layer add(ParameterStore& store, const char* name, Shape weight, int64_t outputs, int64_t fan_in);
  Var encoder_output(Tape& tape, ParameterStore& store, Var frames) const;  // (B, Z) or (B, 2Z)

  ConvAutoencoderOptions options_;
  Layer encoder_[4], decoder_[4];  // encoder.{0, 2, 4, 7}, decoder.{0, 3, 5, 7}
};

}  // namespace flujo::nn
