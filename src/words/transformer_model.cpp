#include "words/transformer_model.hpp"

#include <algorithm>
#include <numeric>

#include "flujo/nn/transformer.hpp"

namespace flujo::words {
namespace {

using nn::TransformerOutput;

class TransformerModel : public LanguageModel {
 public:
  TransformerModel(const WordsConfig& c, int64_t vocabulary)
      : LanguageModel(vocabulary, c.context),
        model_(store_, "transformer",
               {.vocabulary = vocabulary, .context = c.context, .width = c.width,
                .heads = c.heads, .layers = static_cast<int>(c.layers),
                .dropout = static_cast<float>(c.dropout), .tie_weights = c.tie_weights}) {}

  ParameterStore* parameters() override { return &store_; }
  void reset_parameters(Rng& rng) override { model_.reset_parameters(store_, rng); }

  Var loss(Tape& tape, std::span<const int32_t> windows, int64_t batch, Rng& rng) override {
    const int64_t length = static_cast<int64_t>(windows.size()) / batch, steps = length - 1;
    inputs_.resize(static_cast<size_t>(batch * steps));
    targets_.resize(inputs_.size());
    for (int64_t b = 0; b < batch; ++b) {
      const int32_t* window = windows.data() + b * length;
      std::copy_n(window, steps, inputs_.data() + b * steps);
      std::copy_n(window + 1, steps, targets_.data() + b * steps);
    }
    const Var logits = model_.forward(tape, store_, inputs_, batch, rng).logits;
    return cross_entropy(reshape(logits, Shape{batch * steps, vocabulary()}), targets_);
  }

  // Penultimate: ln_f's output for the word alone at position 0, all V words as a batch of
  // one-token rows; input: wte's rows.
  Embeddings embeddings(EmbeddingLayer layer) override {
    const int64_t V = vocabulary(), E = model_.options().width;
    const ParamId wte = store_.find("transformer.wte.weight");
    if (layer == EmbeddingLayer::input) {
      const ConstTensorView table = store_.value(wte);
      return {E, {table.data, table.data + table.numel()}};
    }
    std::vector<int32_t> words(static_cast<size_t>(V));
    std::iota(words.begin(), words.end(), 0);
    tape_.reset();
    tape_.set_grad_enabled(false);
    Rng unused(0);
    const ConstTensorView values = model_.forward(tape_, store_, words, V, unused).embeddings.value();
    return {E, {values.data, values.data + values.numel()}};
  }

  std::vector<LayerAttention> attention(std::span<const int32_t> ids) override {
    tape_.reset();
    tape_.set_grad_enabled(false);
    Rng unused(0);
    const TransformerOutput out = model_.forward(tape_, store_, ids, 1, unused, true);
    std::vector<LayerAttention> layers;
    for (const ConstTensorView& weights : out.attention)
      layers.push_back({model_.options().heads, {weights.data, weights.data + weights.numel()}});
    return layers;
  }

  std::vector<float> next_logits(std::span<const int32_t> ids) override {
    const std::span<const int32_t> seen =
        ids.last(std::min<size_t>(ids.size(), static_cast<size_t>(context())));
    tape_.reset();
    tape_.set_grad_enabled(false);
    Rng unused(0);  // no dropout in evaluation
    const ConstTensorView logits =
        model_.forward(tape_, store_, seen, 1, unused).logits.value();
    const float* last = logits.data + (static_cast<int64_t>(seen.size()) - 1) * vocabulary();
    return {last, last + vocabulary()};
  }

 private:
  ParameterStore store_;
  nn::Transformer model_;
  std::vector<int32_t> inputs_, targets_;  // sized once: the batch shape does not change
  Tape tape_;
};

}  // namespace

std::unique_ptr<LanguageModel> make_transformer_model(const WordsConfig& config,
                                                      int64_t vocabulary) {
  return std::make_unique<TransformerModel>(config, vocabulary);
}

}  // namespace flujo::words
