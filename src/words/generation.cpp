// flujo words generate: a trained run's model samples one token at a time after a prompt
// (contract in include/flujo/words/run.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/words/run.hpp"
#include "words/words_files.hpp"

namespace flujo::words {
namespace {

// Index drawn from softmax(logits / temperature) restricted to the top_k largest (all when 0).
int32_t sample(const std::vector<float>& logits, double temperature, int64_t top_k, Rng& rng) {
  std::vector<int32_t> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  const auto kept = static_cast<size_t>(top_k > 0 ? std::min<int64_t>(top_k, order.size())
                                                  : static_cast<int64_t>(order.size()));
  // Ties keep the smaller id first, so a seed draws the same token on every platform.
  std::partial_sort(order.begin(), order.begin() + static_cast<int64_t>(kept), order.end(),
                    [&](int32_t a, int32_t b) {
                      return logits[a] != logits[b] ? logits[a] > logits[b] : a < b;
                    });
  order.resize(kept);
  const double peak = logits[order.front()];
  std::vector<double> weights(kept);
  double total = 0.0;
  for (size_t i = 0; i < kept; ++i) {
    weights[i] = std::exp((logits[order[i]] - peak) / temperature);
    total += weights[i];
  }
  double draw = rng.uniform() * total;
  for (size_t i = 0; i < kept; ++i) {
    draw -= weights[i];
    if (draw < 0) return order[i];
  }
  return order.back();
}

}  // namespace

void generate_words(const GenerateOptions& o,
                    const std::function<void(const std::string& text)>& on_text) {
  require(o.temperature > 0, fmt::format("--temperature must be positive, got {}", o.temperature));
  require(o.top_k >= 0, fmt::format("--top-k must be 0 (every token) or more, got {}", o.top_k));
  require(o.tokens >= 1, fmt::format("--tokens must be at least 1, got {}", o.tokens));
  WordsRun run = load_words_run(o.run_dir);
  const std::vector<std::string> prompt =
      tokenize(o.prompt, run.vocabulary.tokenizer(), "--prompt");
  require(!prompt.empty(), "--prompt holds no token: give the text to continue");
  std::vector<int32_t> ids = run.vocabulary.encode(prompt);
  std::string unknown;
  for (size_t i = 0; i < prompt.size(); ++i)
    if (ids[i] == Vocabulary::kUnknownId) unknown += (unknown.empty() ? "" : ", ") + prompt[i];
  if (!unknown.empty())
    std::fprintf(stderr, "flujo: warning: not in the vocabulary, read as <unk>: %s\n",
                 unknown.c_str());
  const std::string separator =
      run.vocabulary.tokenizer().kind == TokenizerKind::word ? " " : "";
  Rng rng(o.seed);
  for (int64_t t = 0; t < o.tokens; ++t) {
    const int32_t next = sample(run.model->next_logits(ids), o.temperature, o.top_k, rng);
    ids.push_back(next);
    on_text(separator + run.vocabulary.token(next));
  }
}

}  // namespace flujo::words
