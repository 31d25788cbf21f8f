#include "flujo/nn/conv_autoencoder.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::nn {
namespace {
constexpr int64_t kKernel = 4;
constexpr Conv2dOptions kHalve{.stride = 2, .padding = 1};  // (S + 2 − 4) / 2 + 1 = S / 2
}  // namespace

ConvAutoencoder::Layer ConvAutoencoder::add(ParameterStore& store, const char* name, Shape weight,
                                            int64_t outputs, int64_t fan_in) {
  return {store.add(std::string(name) + ".weight", weight),
          store.add(std::string(name) + ".bias", {outputs}, {.weight_decay = false}), fan_in};
}

ConvAutoencoder::ConvAutoencoder(ParameterStore& store, ConvAutoencoderOptions o) : options_(o) {
  require(o.size >= 8 && o.size % 8 == 0,
          fmt::format("the frame size must be a multiple of 8 (three halvings), got {}", o.size));
  require(o.frames >= 1, fmt::format("--stack must be at least 1, got {}", o.frames));
  require(o.width >= 1, fmt::format("--width must be at least 1, got {}", o.width));
  require(o.latent >= 1, fmt::format("--latent must be at least 1, got {}", o.latent));
  const int64_t w = o.width, k2 = kKernel * kKernel, side = o.size / 8, flat = 2 * w * side * side;
  encoder_[0] = add(store, "encoder.0", {w, o.frames, kKernel, kKernel}, w, o.frames * k2);
  encoder_[1] = add(store, "encoder.2", {2 * w, w, kKernel, kKernel}, 2 * w, w * k2);
  encoder_[2] = add(store, "encoder.4", {2 * w, 2 * w, kKernel, kKernel}, 2 * w, 2 * w * k2);
  const int64_t codes = o.variational ? 2 * o.latent : o.latent;
  encoder_[3] = add(store, "encoder.7", {codes, flat}, codes, flat);
  decoder_[0] = add(store, "decoder.0", {flat, o.latent}, flat, o.latent);
  // ConvTranspose2d weights are (in, out, 4, 4); PyTorch's fan_in reads weight.size(1).
  decoder_[1] = add(store, "decoder.3", {2 * w, 2 * w, kKernel, kKernel}, 2 * w, 2 * w * k2);
  decoder_[2] = add(store, "decoder.5", {2 * w, w, kKernel, kKernel}, w, w * k2);
  decoder_[3] = add(store, "decoder.7", {w, o.frames, kKernel, kKernel}, o.frames, o.frames * k2);
}

void ConvAutoencoder::reset_parameters(ParameterStore& store, Rng& rng) const {
  for (const Layer* layers : {encoder_, decoder_})
    for (int i = 0; i < 4; ++i) {
      const float bound = 1.0f / std::sqrt(static_cast<float>(layers[i].fan_in));
      rng.fill_uniform(store.value(layers[i].weight), -bound, bound);
      rng.fill_uniform(store.value(layers[i].bias), -bound, bound);
    }
}

Var ConvAutoencoder::encoder_output(Tape& tape, ParameterStore& store, Var frames) const {
  auto param = [&](ParamId id) { return tape.param(store, id); };
  Var x = frames;
  for (int i = 0; i < 3; ++i)
    x = relu(conv2d(x, param(encoder_[i].weight), param(encoder_[i].bias), kHalve));
  const int64_t batch = frames.shape()[0];
  x = reshape(x, Shape{batch, x.shape().numel() / batch});
  return linear(x, param(encoder_[3].weight), param(encoder_[3].bias));
}

Var ConvAutoencoder::encode(Tape& tape, ParameterStore& store, Var frames) const {
  const Var code = encoder_output(tape, store, frames);
  return options_.variational ? slice(code, 1, 0, options_.latent) : code;
}

Posterior ConvAutoencoder::encode_posterior(Tape& tape, ParameterStore& store, Var frames) const {
  require(options_.variational, "encode_posterior: the autoencoder is not variational");
  const Var code = encoder_output(tape, store, frames);
  return {slice(code, 1, 0, options_.latent), slice(code, 1, options_.latent, options_.latent)};
}

Var ConvAutoencoder::decode(Tape& tape, ParameterStore& store, Var latent) const {
  auto param = [&](ParamId id) { return tape.param(store, id); };
  const int64_t batch = latent.shape()[0], side = options_.size / 8;
  Var x = relu(linear(latent, param(decoder_[0].weight), param(decoder_[0].bias)));
  x = reshape(x, Shape{batch, 2 * options_.width, side, side});
  for (int i = 1; i < 3; ++i)
    x = relu(conv_transpose2d(x, param(decoder_[i].weight), param(decoder_[i].bias), kHalve));
  return conv_transpose2d(x, param(decoder_[3].weight), param(decoder_[3].bias), kHalve);
}

}  // namespace flujo::nn
