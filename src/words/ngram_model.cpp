#include "words/ngram_model.hpp"

#include <cmath>
#include <optional>

#include "flujo/core/error.hpp"
#include "flujo/words/kneser_ney.hpp"

namespace flujo::words {
namespace {

class NgramModel : public LanguageModel {
 public:
  NgramModel(const WordsConfig& c, int64_t vocabulary)
      : LanguageModel(vocabulary, c.context), order_(static_cast<int>(c.order)) {}

  void fit(std::span<const int32_t> train_ids) override {
    counts_.emplace(train_ids, vocabulary(), KneserNeyOptions{.order = order_});
  }

  // Log-probabilities are logits whose softmax is the model's distribution.
  std::vector<float> next_logits(std::span<const int32_t> ids) override {
    const std::vector<double> p = fitted().distribution(ids);
    std::vector<float> logits(p.size());
    for (size_t v = 0; v < p.size(); ++v) logits[v] = static_cast<float>(std::log(p[v]));
    return logits;
  }

  // Each next token given the ids before it in its window, as the neural models see them.
  double mean_loss(std::span<const int32_t> windows, int64_t batch) override {
    const int64_t length = static_cast<int64_t>(windows.size()) / batch;
    double total = 0.0;
    for (int64_t b = 0; b < batch; ++b) {
      const std::span<const int32_t> window = windows.subspan(static_cast<size_t>(b * length),
                                                              static_cast<size_t>(length));
      for (int64_t t = 1; t < length; ++t)
        total -= fitted().log_probability(window.first(static_cast<size_t>(t)), window[t]);
    }
    return total / static_cast<double>(batch * (length - 1));
  }

  nlohmann::json fitted_state() const override { return fitted().to_json(); }
  void load_fitted_state(const nlohmann::json& state, const std::string& source) override {
    counts_.emplace(KneserNey::from_json(state, source));
    require(counts_->order() == order_ && counts_->vocabulary_size() == vocabulary(),
            source + ": the counts are of another order or vocabulary than the config's");
  }

 private:
  const KneserNey& fitted() const {
    require(counts_.has_value(), "the n-gram model has not been fitted");
    return *counts_;
  }

  int order_;
  std::optional<KneserNey> counts_;
};

}  // namespace

std::unique_ptr<LanguageModel> make_ngram_model(const WordsConfig& config, int64_t vocabulary) {
  return std::make_unique<NgramModel>(config, vocabulary);
}

}  // namespace flujo::words
