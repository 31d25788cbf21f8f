// flujo words attention: what each word of a text attends to, per layer and head (contract in
// include/flujo/words/run.hpp).
#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/words/run.hpp"
#include "words/words_files.hpp"

namespace flujo::words {

TextAttention text_attention(const std::string& run_dir, const std::string& text) {
  WordsRun run = load_words_run(run_dir);
  std::vector<std::string> tokens = tokenize(text, run.vocabulary.tokenizer(), "--text");
  require(!tokens.empty(), "--text holds no token");
  require(static_cast<int64_t>(tokens.size()) <= run.model->context(),
          fmt::format("--text has {} tokens, more than the model's context of {}", tokens.size(),
                      run.model->context()));
  const std::vector<int32_t> ids = run.vocabulary.encode(tokens);
  return {std::move(tokens), run.model->attention(ids)};
}

}  // namespace flujo::words
