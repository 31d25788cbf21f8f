#pragma once
// The interpolated modified Kneser-Ney n-gram model (flujo/words/kneser_ney.hpp) as a language
// model of `flujo words`: fitted by counting the training ids, no gradient.
#include <memory>

#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

std::unique_ptr<LanguageModel> make_ngram_model(const WordsConfig& config, int64_t vocabulary);

}  // namespace flujo::words
