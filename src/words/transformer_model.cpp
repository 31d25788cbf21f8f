#include "words/transformer_model.hpp"

#include <algorithm>
#include <numeric>

#include "flujo/nn/transformer.hpp"
#include "words/positionwise_model.hpp"

namespace flujo::words {
namespace {

using nn::TransformerOutput;

class TransformerModel : public PositionwiseModel {
 public:
  TransformerModel(const WordsConfig& c, int64_t vocabulary)
      : PositionwiseModel(vocabulary, c.context),
        model_(store_, "transformer",
               {.vocabulary = vocabulary, .context = c.context, .width = c.width,
                .heads = c.heads, .layers = static_cast<int>(c.layers),
                .dropout = static_cast<float>(c.dropout), .tie_weights = c.tie_weights}) {}

  ParameterStore* parameters() override { return &store_; }
  void reset_parameters(Rng& rng) override { model_.reset_parameters(store_, rng); }

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
    Rng unused(0);
    const ConstTensorView values =
        model_.forward(inference_tape(), store_, words, V, unused).embeddings.value();
    return {E, {values.data, values.data + values.numel()}};
  }

  std::vector<LayerAttention> attention(std::span<const int32_t> ids) override {
    Rng unused(0);
    const TransformerOutput out = model_.forward(inference_tape(), store_, ids, 1, unused, true);
    std::vector<LayerAttention> layers;
    const auto values = [](const ConstTensorView& view) {
      return std::vector<float>(view.data, view.data + view.numel());
    };
    for (const TransformerOutput::LayerAttention& layer : out.attention)
      layers.push_back({model_.options().heads, values(layer.weights), model_.options().width,
                        values(layer.before), values(layer.after)});
    return layers;
  }

 protected:
  Var position_logits(Tape& tape, std::span<const int32_t> ids, int64_t batch,
                      Rng& rng) override {
    return model_.forward(tape, store_, ids, batch, rng).logits;
  }

 private:
  ParameterStore store_;
  nn::Transformer model_;
};

}  // namespace

std::unique_ptr<LanguageModel> make_transformer_model(const WordsConfig& config,
                                                      int64_t vocabulary) {
  return std::make_unique<TransformerModel>(config, vocabulary);
}

}  // namespace flujo::words
