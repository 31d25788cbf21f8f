// report.html of `flujo words attention`: the attention of every layer and head as heatmaps, the
// lecture's picture (each word before and after attention, an arrow for where its context moved
// it) and the vocabulary's embedding in two dimensions (contract in include/flujo/words/run.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "flujo/analysis/flow.hpp"
#include "flujo/report.hpp"
#include "flujo/words/run.hpp"
#include "run/run_lock.hpp"
#include "words/words_files.hpp"

namespace flujo::words {
namespace {

// The vocabulary's most frequent words drawn in the embedding figure (ids are by count): more
// labels than this cover one another.
constexpr int64_t kEmbeddingWordsShown = 150;

// rows (N, D) of float → their coordinates on the first two principal axes, (N, 2), as x and y.
struct Plane {
  std::vector<double> x, y;
  double explained = 0.0;  // the fraction of the variance the two axes hold
};
Plane principal_plane(const std::vector<float>& rows, int64_t width) {
  const int64_t n = static_cast<int64_t>(rows.size()) / width;
  const std::vector<double> values(rows.begin(), rows.end());
  const analysis::Pca pca = analysis::fit_pca(values.data(), n, width);
  const int64_t k = std::min<int64_t>(2, width);
  const std::vector<double> projected = pca.transform(values.data(), n, k);
  Plane plane;
  for (int64_t i = 0; i < n; ++i) {
    plane.x.push_back(projected[static_cast<size_t>(i * k)]);
    plane.y.push_back(k > 1 ? projected[static_cast<size_t>(i * k + 1)] : 0.0);
  }
  for (int64_t d = 0; d < k; ++d) plane.explained += pca.explained_ratio[static_cast<size_t>(d)];
  return plane;
}

std::string percent(double fraction) { return fmt::format("{:.0f}%", 100.0 * fraction); }

report::Section heatmaps(const TextAttention& a, size_t layer) {
  const LanguageModel::LayerAttention& weights = a.layers[layer];
  const int64_t T = static_cast<int64_t>(a.tokens.size());
  report::Section section{
      .heading = fmt::format("Attention in layer {}", layer),
      .text = "A row per word reading (the query), a column per word it reads (the key): how "
              "much of each earlier word's value the row's word takes in. Each row sums to 1; "
              "a word reads only itself and the words before it, so the cells above the "
              "diagonal are empty."};
  for (int64_t h = 0; h < weights.heads; ++h) {
    report::Heatmap map{.title = fmt::format("layer {}, head {}", layer, h),
                        .row_labels = a.tokens,
                        .column_labels = a.tokens,
                        .x_label = "key: the word read",
                        .y_label = "query: the word reading",
                        .colour_label = "weight"};
    for (int64_t i = 0; i < T; ++i)
      for (int64_t j = 0; j < T; ++j)
        map.values.push_back(j > i ? std::numeric_limits<double>::quiet_NaN()
                                   : weights.weights[static_cast<size_t>((h * T + i) * T + j)]);
    section.figures.push_back(std::move(map));
  }
  return section;
}

// The lecture's picture: the 2T points (each word before and after) in their own principal
// plane, so that the arrows are as long as the moves allow.
report::Scatter2D moves(const TextAttention& a, size_t layer) {
  const LanguageModel::LayerAttention& l = a.layers[layer];
  std::vector<float> both = l.before;
  both.insert(both.end(), l.after.begin(), l.after.end());
  const Plane plane = principal_plane(both, l.width);
  const size_t T = a.tokens.size();
  report::Scatter2D figure{
      .title = fmt::format("layer {}: each word before and after attention", layer),
      .x_label = fmt::format("first principal axis ({} of the variance on both)",
                             percent(plane.explained)),
      .y_label = "second principal axis"};
  report::LabelledPoints before{.name = "before attention", .labels = a.tokens};
  report::LabelledPoints after{.name = "after attention"};
  for (size_t i = 0; i < T; ++i) {
    before.x.push_back(plane.x[i]);
    before.y.push_back(plane.y[i]);
    after.x.push_back(plane.x[T + i]);
    after.y.push_back(plane.y[T + i]);
    figure.arrows.push_back({plane.x[i], plane.y[i], plane.x[T + i], plane.y[T + i]});
  }
  figure.sets = {std::move(before), std::move(after)};
  return figure;
}

// The penultimate layer's embedding of the most frequent words, and of the text's words.
report::Scatter2D vocabulary_plane(WordsRun& run, const TextAttention& a) {
  const LanguageModel::Embeddings embeddings =
      run.model->embeddings(LanguageModel::EmbeddingLayer::penultimate);
  const Plane plane = principal_plane(embeddings.values, embeddings.width);
  const int64_t V = run.vocabulary.size();
  report::Scatter2D figure{
      .title = "the words in the embedding (penultimate layer)",
      .x_label = fmt::format("first principal axis ({} of the variance over {} words)",
                             percent(plane.explained), V),
      .y_label = "second principal axis"};
  report::LabelledPoints frequent{.name = fmt::format("the {} most frequent words",
                                                      std::min(V - 1, kEmbeddingWordsShown))};
  for (int64_t id = 1; id < V && id <= kEmbeddingWordsShown; ++id) {
    frequent.x.push_back(plane.x[static_cast<size_t>(id)]);
    frequent.y.push_back(plane.y[static_cast<size_t>(id)]);
    frequent.labels.push_back(run.vocabulary.token(static_cast<int32_t>(id)));
  }
  report::LabelledPoints text{.name = "the text's words"};
  for (const std::string& token : a.tokens) {
    const int32_t id = run.vocabulary.id(token);
    if (std::find(text.labels.begin(), text.labels.end(), token) != text.labels.end()) continue;
    text.x.push_back(plane.x[static_cast<size_t>(id)]);
    text.y.push_back(plane.y[static_cast<size_t>(id)]);
    text.labels.push_back(token);
  }
  figure.sets = {std::move(frequent), std::move(text)};
  return figure;
}

}  // namespace

void write_attention_report(const std::string& run_dir, const TextAttention& a,
                            const std::string& path) {
  const run::RunLock lock(run_dir);
  WordsRun run = load_words_run(run_dir);
  std::string text;
  for (const std::string& token : a.tokens) text += (text.empty() ? "" : " ") + token;
  report::Report page{.title = "Attention: " + text,
                      .subtitle = fmt::format("{} ({}, {} layers × {} heads, width {})", run_dir,
                                              run.config.model, run.config.layers,
                                              run.config.heads, run.config.width)};
  for (size_t layer = 0; layer < a.layers.size(); ++layer)
    page.sections.push_back(heatmaps(a, layer));
  report::Section moved{
      .heading = "Where the context moves each word",
      .text = "Attention alters each word's embedding according to the others: every word "
              "takes in a weighted sum of the values (a learned map V) of the words its query "
              "(a map Q) finds similar to their keys (a map K), and that sum is added to the "
              "word. Each arrow goes from a word's place before attention to its place after, "
              "in the two principal axes of those places."};
  for (size_t layer = 0; layer < a.layers.size(); ++layer)
    moved.figures.push_back(moves(a, layer));
  page.sections.push_back(std::move(moved));
  page.sections.push_back(
      {.heading = "The words in the embedding",
       .text = "Each word's embedding is the penultimate layer's values when the model reads "
               "that word alone; words used alike lie close. The two principal axes of all the "
               "vocabulary's embeddings.",
       .figures = {vocabulary_plane(run, a)}});
  report::write_html(page, path);
}

}  // namespace flujo::words
