#pragma once
// The one interface every language model of `flujo words` implements, and the registry that
// creates them by name. The words run layer (training, evaluation, generation, run files) sees
// only this, as the series run layer sees run::Model.
//
// Shapes: B batch, T positions (≤ context), V vocabulary. A window is T + 1 consecutive ids: the
// model reads the first T and predicts each next one.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core.hpp"

namespace flujo::words {

struct WordsConfig;

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  int64_t vocabulary() const { return vocabulary_; }
  int64_t context() const { return context_; }

  // Trained by gradient: the flat parameters, or nullptr for a model fitted by counting (fit()).
  virtual ParameterStore* parameters() { return nullptr; }
  virtual void reset_parameters(Rng& rng);
  // Mean cross-entropy of every next token of `batch` windows (B, T + 1), row-major; rng draws
  // dropout masks in training (tape.training()).
  virtual Var loss(Tape& tape, std::span<const int32_t> windows, int64_t batch, Rng& rng);
  // Fitted in closed form on the training ids.
  virtual void fit(std::span<const int32_t> train_ids);
  // The logits (V) of the token after `ids` (its last context() ids are read; at least one).
  virtual std::vector<float> next_logits(std::span<const int32_t> ids) = 0;
  // Mean cross-entropy (nats) of every next token of `batch` windows, in evaluation mode; by
  // default loss() on a tape without gradients.
  virtual double mean_loss(std::span<const int32_t> windows, int64_t batch);
  // Each word's embedding, (V, D) row-major, from the penultimate layer (the network's values
  // when it reads that one word: the all-to-all network's tanh layer, the transformer's ln_f
  // output) or from the input table. Throws Error for a model without one (the n-gram).
  enum class EmbeddingLayer { penultimate, input };
  struct Embeddings {
    int64_t width = 0;  // D
    std::vector<float> values;
  };
  virtual Embeddings embeddings(EmbeddingLayer layer);
  // Per layer, the attention weights (heads, T, T) of the model reading `ids` (T ≤ context), row
  // i the query at position i, and each position's D-wide representation before and after
  // attention (the transformer's residual stream entering the block, and once attention has
  // added to it). Throws Error for a model without attention.
  struct LayerAttention {
    int64_t heads = 0;
    std::vector<float> weights;
    int64_t width = 0;                 // D
    std::vector<float> before, after;  // (T, D) each
  };
  virtual std::vector<LayerAttention> attention(std::span<const int32_t> ids);
  // A model fitted by counting keeps what it counted here (model.safetensors' metadata), and
  // reads it back; null for a model whose parameters are all it has.
  virtual nlohmann::json fitted_state() const;
  virtual void load_fitted_state(const nlohmann::json& state, const std::string& source);

 protected:
  LanguageModel(int64_t vocabulary, int64_t context)
      : vocabulary_(vocabulary), context_(context) {}

 private:
  int64_t vocabulary_, context_;
};

struct LanguageModelKind {
  std::string name;     // the value of --model
  std::string summary;  // one line for --help
  std::function<std::unique_ptr<LanguageModel>(const WordsConfig& config, int64_t vocabulary)>
      make;
};

// Throws Error "--model must be transformer, lstm, gru, mlp or ngram, got 'x'" for an unknown
// name.
const LanguageModelKind& find_language_model(const std::string& name);
std::vector<std::string> language_model_names();

}  // namespace flujo::words
