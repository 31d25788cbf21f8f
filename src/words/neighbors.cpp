// flujo words neighbors: cosine nearest neighbours in a trained model's embedding (contract in
// include/flujo/words/run.hpp). Similarities in double.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/words/run.hpp"
#include "words/words_files.hpp"

namespace flujo::words {

std::vector<Neighbor> nearest_words(const std::string& run_dir, const std::string& word,
                                    int64_t k, const std::string& layer) {
  require(k >= 1, fmt::format("--k must be at least 1, got {}", k));
  require(layer == "penultimate" || layer == "input",
          "--layer must be penultimate or input, got '" + layer + "'");
  WordsRun run = load_words_run(run_dir);
  const int32_t id = run.vocabulary.id(word);
  require(id != Vocabulary::kUnknownId, "'" + word + "' is not in the vocabulary of " + run_dir);
  const LanguageModel::Embeddings e = run.model->embeddings(
      layer == "input" ? LanguageModel::EmbeddingLayer::input
                       : LanguageModel::EmbeddingLayer::penultimate);
  auto row = [&](int64_t v) { return e.values.data() + v * e.width; };
  auto norm = [&](const float* x) {
    double total = 0.0;
    for (int64_t j = 0; j < e.width; ++j) total += static_cast<double>(x[j]) * x[j];
    return std::sqrt(total);
  };
  const float* target = row(id);
  const double target_norm = norm(target);
  std::vector<Neighbor> neighbors;
  for (int64_t v = 1; v < run.vocabulary.size(); ++v) {
    if (v == id) continue;
    double dot = 0.0;
    for (int64_t j = 0; j < e.width; ++j) dot += static_cast<double>(target[j]) * row(v)[j];
    const double denominator = target_norm * norm(row(v));
    neighbors.push_back({run.vocabulary.token(static_cast<int32_t>(v)),
                         denominator > 0 ? dot / denominator : 0.0});
  }
  const auto kept = static_cast<int64_t>(std::min<size_t>(static_cast<size_t>(k), neighbors.size()));
  std::partial_sort(neighbors.begin(), neighbors.begin() + kept, neighbors.end(),
                    [](const Neighbor& a, const Neighbor& b) {
                      return a.cosine != b.cosine ? a.cosine > b.cosine : a.token < b.token;
                    });
  neighbors.resize(static_cast<size_t>(kept));
  return neighbors;
}

}  // namespace flujo::words
