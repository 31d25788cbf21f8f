#pragma once
// The words run layer's data: the corpus (a file or the built-in diary) as ids of a vocabulary
// built on its training part, split chronologically; and the validation loss of a model.
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/words.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

struct WordsData {
  std::string source;  // the corpus file, or "the kitchen diary (es)"
  Vocabulary vocabulary;
  std::vector<int32_t> train, validation;  // ids: the first 1 − validation of the text, the rest
};

// Reads, tokenizes and splits; throws Error naming the corpus when either part is too short for
// the context (each needs context + 1 tokens).
WordsData prepare_words_data(const WordsConfig& config);

// Mean next-token cross-entropy (nats) over the first eval_windows windows of context + 1 ids
// that tile `ids` (each next window starts where the last one's inputs end), in evaluation mode.
double evaluate_words(LanguageModel& model, const std::vector<int32_t>& ids,
                      const WordsConfig& config);

}  // namespace flujo::words
