#include "words/recurrent_model.hpp"

#include <algorithm>
#include <numeric>

#include "flujo/nn.hpp"
#include "words/positionwise_model.hpp"

namespace flujo::words {
namespace {

class RecurrentModel : public PositionwiseModel {
 public:
  RecurrentModel(const WordsConfig& c, int64_t vocabulary, nn::CellKind cell)
      : PositionwiseModel(vocabulary, c.context),
        // PyTorch's module order, so that the flat buffer lists the parameters as its state_dict.
        embedding_(store_.add("embedding.weight", {vocabulary, c.width})),
        rnn_(store_, "rnn",
             {.cell = cell, .input_size = c.width, .hidden_size = c.width,
              .layers = static_cast<int>(c.layers)}),
        head_(store_, "head", c.width, vocabulary),
        dropout_(static_cast<float>(c.dropout)) {}

  ParameterStore* parameters() override { return &store_; }

  void reset_parameters(Rng& rng) override {
    rng.fill_normal(store_.value(embedding_), 0.0f, 1.0f);  // nn.Embedding's default
    rnn_.reset_parameters(store_, rng);
    head_.reset_parameters(store_, rng);
  }

  // Penultimate: the top layer's output for the word alone at position 0 (zero initial states),
  // all V words as a batch of one-token rows; input: the table's rows.
  Embeddings embeddings(EmbeddingLayer layer) override {
    const int64_t V = vocabulary(), E = rnn_.options().hidden_size;
    if (layer == EmbeddingLayer::input) {
      const ConstTensorView table = store_.value(embedding_);
      return {E, {table.data, table.data + table.numel()}};
    }
    std::vector<int32_t> words(static_cast<size_t>(V));
    std::iota(words.begin(), words.end(), 0);
    Tape& tape = inference_tape();
    const Var embedded = embedding(tape.param(store_, embedding_), words, Shape{V, 1});
    const ConstTensorView values = rnn_.forward(tape, store_, embedded).outputs.value();
    return {E, {values.data, values.data + values.numel()}};
  }

 protected:
  Var position_logits(Tape& tape, std::span<const int32_t> ids, int64_t batch,
                      Rng& rng) override {
    const int64_t steps = static_cast<int64_t>(ids.size()) / batch;
    const Var embedded = embedding(tape.param(store_, embedding_), ids, Shape{batch, steps});
    const Var outputs = rnn_.forward(tape, store_, dropout(embedded, dropout_, rng)).outputs;
    return head_.forward(tape, store_, dropout(outputs, dropout_, rng));
  }

 private:
  ParameterStore store_;
  ParamId embedding_;
  nn::Recurrent rnn_;
  nn::Linear head_;
  float dropout_;
};

}  // namespace

std::unique_ptr<LanguageModel> make_lstm_model(const WordsConfig& config, int64_t vocabulary) {
  return std::make_unique<RecurrentModel>(config, vocabulary, nn::CellKind::lstm);
}

std::unique_ptr<LanguageModel> make_gru_model(const WordsConfig& config, int64_t vocabulary) {
  return std::make_unique<RecurrentModel>(config, vocabulary, nn::CellKind::gru);
}

}  // namespace flujo::words
