#pragma once
// The transformer as a language model of `flujo words` (nn::Transformer under the prefix
// "transformer", so that its names are nanoGPT's).
#include <memory>

#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::words {

std::unique_ptr<LanguageModel> make_transformer_model(const WordsConfig& config,
                                                      int64_t vocabulary);

}  // namespace flujo::words
