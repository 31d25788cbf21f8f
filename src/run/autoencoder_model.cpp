#include "run/autoencoder_model.hpp"

#include <algorithm>

#include "flujo/core/error.hpp"
#include "flujo/nn.hpp"
#include "flujo/nn/false_neighbour_penalty.hpp"
#include "run/free_run.hpp"

namespace flujo::run {
namespace {

// Latents are recorded this many windows at a time.
constexpr int64_t kRecordBatch = 512;

class DenseAutoencoder : public Model {
 public:
  DenseAutoencoder(int64_t channels, int64_t look_back, int64_t hidden, int64_t latent, int64_t batch,
                   double fnn_weight)
      : Model(channels),
        look_back_(look_back),
        window_(look_back * channels),
        latent_(latent),
        encoder_hidden_(store_, "encoder.0", window_, hidden),
        encoder_latent_(store_, "encoder.2", hidden, latent),
        decoder_hidden_(store_, "decoder.0", latent, hidden),
        decoder_window_(store_, "decoder.2", hidden, window_),
        fnn_weight_(fnn_weight),
        fnn_penalty_(batch, latent, fnn_weight) {}

  ParameterStore* parameters() override { return &store_; }
  void reset_parameters(Rng& rng) override {
    for (const nn::Linear* layer : {&encoder_hidden_, &encoder_latent_, &decoder_hidden_, &decoder_window_})
      layer->reset_parameters(store_, rng);
  }

  Var predict(Tape&, Var) override {
    throw Error("the autoencoder model makes no forecast: it reconstructs its input windows "
                "(flujo analyze RUN reads its latent states)");
  }

  Var loss(Tape& tape, Var inputs, Var, int64_t) override {
    const Var windows = flattened(inputs);
    const Var latent = encode(tape, windows);
    const Var hidden = tanh(decoder_hidden_.forward(tape, store_, latent));
    const Var error = mse_loss(decoder_window_.forward(tape, store_, hidden), windows);
    return fnn_weight_ > 0 ? add(error, fnn_penalty_(tape, latent)) : error;
  }

  HiddenStates record_states(const data::Series& normalised, int64_t first_row, int64_t count,
                             int64_t look_back) override {
    require(look_back == look_back_, "the autoencoder reads windows of " +
                                         std::to_string(look_back_) + " rows, not " +
                                         std::to_string(look_back));
    require(first_row >= look_back - 1 && first_row + count <= normalised.time_steps(),
            "latent recording needs rows " + std::to_string(first_row - look_back + 1) + " to " +
                std::to_string(first_row + count - 1) + " of a series of " +
                std::to_string(normalised.time_steps()));
    HiddenStates states;
    states.count = count;
    states.width = latent_;
    states.hidden.resize(static_cast<size_t>(count * latent_));
    Tape tape;
    tape.set_grad_enabled(false);
    for (int64_t first = 0; first < count; first += kRecordBatch) {
      const int64_t batch = std::min(kRecordBatch, count - first);
      const Tensor windows =
          gather_windows(normalised, first_row + first - look_back + 1, batch, look_back);
      tape.reset();
      const Var latent = encode(tape, flattened(tape.constant(windows.view())));
      std::copy(latent.value().data, latent.value().data + batch * latent_,
                states.hidden.begin() + first * latent_);
    }
    return states;
  }

 private:
  Var flattened(Var windows) const { return reshape(windows, Shape{windows.shape()[0], window_}); }
  Var encode(Tape& tape, Var windows) {
    return encoder_latent_.forward(tape, store_, tanh(encoder_hidden_.forward(tape, store_, windows)));
  }

  int64_t look_back_, window_, latent_;
  ParameterStore store_;
  nn::Linear encoder_hidden_, encoder_latent_, decoder_hidden_, decoder_window_;
  double fnn_weight_;
  nn::FalseNeighbourPenalty fnn_penalty_;  // batches of at most config.batch windows
};

}  // namespace

ModelKind autoencoder_kind() {
  ModelKind kind{"autoencoder", "dense autoencoder of the look_back window (latent: --latent)",
                 [](const TrainConfig& config, int64_t channels) {
                   return std::make_unique<DenseAutoencoder>(channels, config.look_back, config.hidden,
                                                             config.latent, config.batch, config.fnn_weight);
                 }};
  kind.unused_keys = {"layers", "rollout", "spectral_radius", "leak_rate", "input_scaling", "ridge"};
  return kind;
}

}  // namespace flujo::run
