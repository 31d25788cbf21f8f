#pragma once
// The recurrent language models of `flujo words`: an LSTM or a GRU over token embeddings, with
// PyTorch's names so that weights move one-to-one to
//
//   embedding = nn.Embedding(V, E); rnn = nn.LSTM(E, E, layers, batch_first=True)  (or nn.GRU)
//   head = nn.Linear(E, V)
//
// Shapes: B batch, T positions (≤ context), E width (config.width, also the hidden size H),
// V vocabulary, L layers (config.layers).
//
//   x = dropout(embedding.weight[ids])                           (B, T, E)
//   h = dropout(rnn(x).outputs)                                  (B, T, H), zero initial states
//   logits = h · head.weightᵀ + head.bias                        (B, T, V), every position
//
// Parameters: "embedding.weight" (V, E); "rnn.weight_ih_l<l>", "rnn.weight_hh_l<l>",
// "rnn.bias_ih_l<l>", "rnn.bias_hh_l<l>" per layer (nn::Recurrent); "head.weight" (V, E),
// "head.bias" (V). Biases take no weight decay; the embedding table does.
// Initialisation is PyTorch's default: the table normal(0, 1) (nn.Embedding), every recurrent
// weight and bias uniform in ±1/√H, the head's uniform in ±1/√E.
// Dropout (config.dropout) acts in training only, on the embeddings and on the top layer's
// outputs; PyTorch's dropout between stacked layers is not applied (nn::Recurrent has none).
// The model saves nothing besides its parameters (model.safetensors). Its embeddings: the input
// table, or (penultimate) the top layer's output reading the word alone from zero states.
#include <memory>

#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

std::unique_ptr<LanguageModel> make_lstm_model(const WordsConfig& config, int64_t vocabulary);
std::unique_ptr<LanguageModel> make_gru_model(const WordsConfig& config, int64_t vocabulary);

}  // namespace flujo::words
