// LanguageModel's defaults and the registry of language models (contract in
// include/flujo/words/language_model.hpp).
#include "flujo/words/language_model.hpp"

#include <string>

#include "flujo/core/error.hpp"
#include "words/mlp_model.hpp"
#include "words/ngram_model.hpp"
#include "words/recurrent_model.hpp"
#include "words/transformer_model.hpp"

namespace flujo::words {

void LanguageModel::reset_parameters(Rng&) {}

Var LanguageModel::loss(Tape&, std::span<const int32_t>, int64_t, Rng&) {
  throw Error("this language model is not trained by gradient");
}

void LanguageModel::fit(std::span<const int32_t>) {
  throw Error("this language model is trained by gradient, not fitted");
}

double LanguageModel::mean_loss(std::span<const int32_t> windows, int64_t batch) {
  Tape tape;
  tape.set_grad_enabled(false);
  Rng unused(0);  // evaluation draws no dropout masks
  return loss(tape, windows, batch, unused).value()[0];
}

LanguageModel::Embeddings LanguageModel::embeddings(EmbeddingLayer) {
  throw Error("this model has no word embeddings (it counts, it does not embed)");
}

std::vector<LanguageModel::LayerAttention> LanguageModel::attention(std::span<const int32_t>) {
  throw Error("this model has no attention (only the transformer has)");
}

nlohmann::json LanguageModel::fitted_state() const { return nullptr; }

void LanguageModel::load_fitted_state(const nlohmann::json&, const std::string& source) {
  throw Error(source + ": this model keeps no fitted state");
}

namespace {

const std::vector<LanguageModelKind>& kinds() {
  static const std::vector<LanguageModelKind> table = {
      {"transformer", "a decoder-only transformer (GPT-2's layout, nanoGPT's names)",
       make_transformer_model},
      {"lstm", "an LSTM over token embeddings (nn.Embedding, nn.LSTM(E, E, layers), nn.Linear(E, V))",
       make_lstm_model},
      {"gru", "a GRU over token embeddings (nn.Embedding, nn.GRU(E, E, layers), nn.Linear(E, V))",
       make_gru_model},
      {"mlp", "the lecture's all-to-all next-word network (Bengio et al. 2003) on --order − 1 words",
       make_mlp_model},
      {"ngram", "interpolated modified Kneser-Ney n-grams of --order, the classical baseline",
       make_ngram_model},
  };
  return table;
}

}  // namespace

std::vector<std::string> language_model_names() {
  std::vector<std::string> names;
  for (const LanguageModelKind& kind : kinds()) names.push_back(kind.name);
  return names;
}

const LanguageModelKind& find_language_model(const std::string& name) {
  for (const LanguageModelKind& kind : kinds())
    if (kind.name == name) return kind;
  throw Error("--model must be " + choice_list(language_model_names()) + ", got '" + name + "'");
}

}  // namespace flujo::words
