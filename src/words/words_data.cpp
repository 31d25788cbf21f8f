#include "words/words_data.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::words {

WordsData prepare_words_data(const WordsConfig& config) {
  const bool builtin = config.corpus.empty();
  const std::string source =
      builtin ? fmt::format("the kitchen diary ({})", config.diary_lang) : config.corpus;
  const std::string text = builtin ? kitchen_diary(config.diary_lang,
                                                   static_cast<int>(config.diary_days), config.seed)
                                   : read_corpus(config.corpus);
  const TokenizerOptions tokenizer{.kind = config.tokens, .lower_case = config.lower_case};
  const std::vector<std::string> tokens = tokenize(text, tokenizer, source);
  const int64_t count = static_cast<int64_t>(tokens.size());
  require_tokens(count, config.context, source);
  const auto split = static_cast<int64_t>(static_cast<double>(count) * (1.0 - config.validation));
  require(split > config.context && count - split > config.context,
          fmt::format("{}: {} tokens split into {} for training and {} for validation (--validation "
                      "{}); each part needs at least {} for a context of {}",
                      source, count, split, count - split, config.validation, config.context + 1,
                      config.context));
  const std::span<const std::string> train_tokens(tokens.data(), static_cast<size_t>(split));
  Vocabulary vocabulary = Vocabulary::build(train_tokens, tokenizer, config.min_count);
  std::vector<int32_t> ids = vocabulary.encode(tokens);
  std::vector<int32_t> validation(ids.begin() + split, ids.end());
  ids.resize(static_cast<size_t>(split));
  return {source, std::move(vocabulary), std::move(ids), std::move(validation)};
}

double evaluate_words(LanguageModel& model, const std::vector<int32_t>& ids,
                      const WordsConfig& config) {
  const int64_t length = config.context + 1;
  const int64_t available = (static_cast<int64_t>(ids.size()) - 1) / config.context;
  const int64_t windows = std::min(available, config.eval_windows);
  std::vector<int32_t> batch(static_cast<size_t>(config.batch * length));
  double total = 0.0;
  for (int64_t first = 0; first < windows; first += config.batch) {
    const int64_t rows = std::min(config.batch, windows - first);
    for (int64_t r = 0; r < rows; ++r)
      std::copy_n(ids.begin() + (first + r) * config.context, length, batch.begin() + r * length);
    total += model.mean_loss(std::span(batch).first(static_cast<size_t>(rows * length)), rows) *
             static_cast<double>(rows);
  }
  return total / static_cast<double>(windows);
}

}  // namespace flujo::words
