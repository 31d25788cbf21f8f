#include "words/mlp_model.hpp"

#include <algorithm>
#include <cmath>

#include "flujo/core/error.hpp"
#include "flujo/nn.hpp"

namespace flujo::words {
namespace {

// n − 1, checked before any layer is built on it.
int64_t words_in(const WordsConfig& c) {
  require(c.order >= 2, "--order must be at least 2 for --model mlp (n − 1 words in), got " +
                            std::to_string(c.order));
  return c.order - 1;
}

class MlpModel : public LanguageModel {
 public:
  MlpModel(const WordsConfig& c, int64_t vocabulary)
      : LanguageModel(vocabulary, c.context),
        words_in_(words_in(c)),
        width_(c.width),
        dropout_(static_cast<float>(c.dropout)),
        embedding_(store_.add("embedding.weight", {vocabulary, c.width})),
        hidden_(store_, "hidden", words_in_ * c.width, c.hidden),
        output_(store_, "output", c.hidden, vocabulary) {}

  ParameterStore* parameters() override { return &store_; }
  // The table as nn.Embedding (normal(0, 1)); the layers as nn.Linear.
  void reset_parameters(Rng& rng) override {
    rng.fill_normal(store_.value(embedding_), 0.0f, 1.0f);
    hidden_.reset_parameters(store_, rng);
    output_.reset_parameters(store_, rng);
  }

  Var loss(Tape& tape, std::span<const int32_t> windows, int64_t batch, Rng& rng) override {
    const int64_t length = static_cast<int64_t>(windows.size()) / batch, steps = length - 1;
    contexts_.resize(static_cast<size_t>(batch * steps * words_in_));
    targets_.resize(static_cast<size_t>(batch * steps));
    for (int64_t b = 0; b < batch; ++b) {
      const std::span<const int32_t> window = windows.subspan(static_cast<size_t>(b * length),
                                                              static_cast<size_t>(length));
      for (int64_t t = 0; t < steps; ++t) {
        const int64_t row = b * steps + t;
        fill_context(window.first(static_cast<size_t>(t + 1)), contexts_.data() + row * words_in_);
        targets_[static_cast<size_t>(row)] = window[static_cast<size_t>(t + 1)];
      }
    }
    return cross_entropy(logits(tape, contexts_, batch * steps, rng), targets_);
  }

  // Penultimate: tanh(hidden(·)) with the word as the last one read and <unk> before it, all V
  // words in one batch; input: the table's rows.
  Embeddings embeddings(EmbeddingLayer layer) override {
    const int64_t V = vocabulary();
    if (layer == EmbeddingLayer::input) {
      const ConstTensorView table = store_.value(embedding_);
      return {width_, {table.data, table.data + table.numel()}};
    }
    std::vector<int32_t> contexts(static_cast<size_t>(V * words_in_), 0);
    for (int64_t w = 0; w < V; ++w) contexts[static_cast<size_t>((w + 1) * words_in_ - 1)] = static_cast<int32_t>(w);
    tape_.reset();
    tape_.set_grad_enabled(false);
    const Var embedded = embedding(tape_.param(store_, embedding_), contexts, Shape{V, words_in_});
    const ConstTensorView values =
        tanh(hidden_.forward(tape_, store_, reshape(embedded, Shape{V, words_in_ * width_})))
            .value();
    return {hidden_.out_features(), {values.data, values.data + values.numel()}};
  }

  std::vector<float> next_logits(std::span<const int32_t> ids) override {
    std::vector<int32_t> context(static_cast<size_t>(words_in_));
    fill_context(ids, context.data());
    tape_.reset();
    tape_.set_grad_enabled(false);
    Rng unused(0);  // no dropout in evaluation
    const ConstTensorView values = logits(tape_, context, 1, unused).value();
    return {values.data, values.data + vocabulary()};
  }

 private:
  // The last words_in_ ids before a position, <unk> where the text has fewer.
  void fill_context(std::span<const int32_t> before, int32_t* context) const {
    const int64_t seen = std::min<int64_t>(words_in_, static_cast<int64_t>(before.size()));
    std::fill(context, context + words_in_ - seen, 0);
    std::copy(before.end() - seen, before.end(), context + words_in_ - seen);
  }

  Var logits(Tape& tape, std::span<const int32_t> contexts, int64_t rows, Rng& rng) {
    const Var embedded = embedding(tape.param(store_, embedding_), contexts,
                                   Shape{rows, words_in_});
    const Var joined = dropout(reshape(embedded, Shape{rows, words_in_ * width_}), dropout_, rng);
    const Var penultimate = tanh(hidden_.forward(tape, store_, joined));
    return output_.forward(tape, store_, dropout(penultimate, dropout_, rng));
  }

  int64_t words_in_, width_;
  float dropout_;
  ParameterStore store_;
  ParamId embedding_;
  nn::Linear hidden_, output_;
  std::vector<int32_t> contexts_, targets_;  // sized once: the batch shape does not change
  Tape tape_;
};

}  // namespace

std::unique_ptr<LanguageModel> make_mlp_model(const WordsConfig& config, int64_t vocabulary) {
  return std::make_unique<MlpModel>(config, vocabulary);
}

}  // namespace flujo::words
