#include "autoencode/latent_scores.hpp"

#include <cmath>

#include <algorithm>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

namespace flujo::autoencode {
namespace {

constexpr int64_t kBlock = 100;      // frames per alternating block
constexpr int64_t kNeighbours = 10;  // of the k-nearest-neighbour readout
constexpr double kRidgePerRow = 1e-6;
constexpr int64_t kNeighbourPoints = 2000;  // evenly spaced rows for trustworthiness

std::vector<double> evenly_spaced(const std::vector<double>& points, int64_t dims, int64_t rows) {
  const int64_t count = std::min(rows, kNeighbourPoints);
  std::vector<double> out(static_cast<size_t>(count * dims));
  for (int64_t i = 0; i < count; ++i)
    std::copy_n(points.begin() + (i * rows / count) * dims, dims, out.begin() + i * dims);
  return out;
}

// NaN (null in JSON) when the cloud has no scaling region, rather than no scores at all.
double dimension(const std::vector<double>& points, int64_t rows, int64_t dims) {
  try {
    return analysis::correlation_dimension(points.data(), rows, dims, {});
  } catch (const Error&) {
    return NAN;
  }
}

struct Halves {
  std::vector<double> fit_x, fit_y, score_x, score_y;
  int64_t fit_rows = 0, score_rows = 0;
};

Halves split(const std::vector<double>& x, int64_t dims, const std::vector<double>& y, int64_t targets) {
  Halves h;
  const int64_t rows = static_cast<int64_t>(y.size()) / targets;
  for (int64_t r = 0; r < rows; ++r) {
    const bool fit = (r / kBlock) % 2 == 0;
    (fit ? h.fit_x : h.score_x).insert((fit ? h.fit_x : h.score_x).end(), x.begin() + r * dims, x.begin() + (r + 1) * dims);
    (fit ? h.fit_y : h.score_y).insert((fit ? h.fit_y : h.score_y).end(), y.begin() + r * targets, y.begin() + (r + 1) * targets);
    ++(fit ? h.fit_rows : h.score_rows);
  }
  return h;
}

nlohmann::json scores(const std::vector<double>& x, int64_t dims, const std::vector<double>& y,
                      const data::Series& state) {
  const int64_t targets = state.channels();
  const Halves h = split(x, dims, y, targets);
  const std::vector<double> nearest = analysis::knn_regression(
      h.fit_x.data(), h.fit_y.data(), h.fit_rows, dims, targets, h.score_x.data(), h.score_rows, kNeighbours);
  const analysis::RidgeModel ridge = analysis::fit_ridge(h.fit_x.data(), h.fit_y.data(), h.fit_rows, dims,
                                                         targets, kRidgePerRow * static_cast<double>(h.fit_rows));
  std::vector<double> linear(static_cast<size_t>(h.score_rows * targets));
  ridge.predict(h.score_x.data(), h.score_rows, linear.data());
  const std::vector<double> knn_r2 = analysis::r2_scores(h.score_y.data(), nearest.data(), h.score_rows, targets);
  const std::vector<double> ridge_r2 = analysis::r2_scores(h.score_y.data(), linear.data(), h.score_rows, targets);
  nlohmann::json out = nlohmann::json::object();
  for (int64_t c = 0; c < targets; ++c)
    out[state.channel_names()[c]] = {{"knn_r2", knn_r2[c]}, {"ridge_r2", ridge_r2[c]}};
  return out;
}

}  // namespace

nlohmann::json score_latent(const std::vector<double>& latent, int64_t dims, const data::Series& state,
                            const movie::Frames& frames, int64_t first_frame) {
  const int64_t rows = state.time_steps(), targets = state.channels();
  std::vector<double> standardised(state.values());
  for (int64_t c = 0; c < targets; ++c) {
    double mean = 0.0, squares = 0.0;
    for (int64_t t = 0; t < rows; ++t) mean += state.at(t, c) / static_cast<double>(rows);
    for (int64_t t = 0; t < rows; ++t) squares += std::pow(state.at(t, c) - mean, 2);
    const double sd = std::sqrt(squares / static_cast<double>(rows));
    for (int64_t t = 0; t < rows; ++t) standardised[t * targets + c] = sd > 0 ? (state.at(t, c) - mean) / sd : 0.0;
  }
  const int64_t pixels = frames.height * frames.width;
  const std::vector<double> values(frames.frame(first_frame), frames.frame(first_frame) + rows * pixels);
  const analysis::Pca pca = analysis::fit_pca(values.data(), rows, pixels);
  const std::vector<double> control = pca.transform(values.data(), rows, dims);
  // The loops of each cloud (persistent homology of a 600-point subsample): one for a pendulum
  // at one energy, as its state's.
  auto loops = [&](const std::vector<double>& points, int64_t width) {
    return analysis::dominant_bars(analysis::persistence_diagram(points.data(), rows, width, {}), 1);
  };
  // Are the true state's neighbours the latent's (k = 10)? And the attractor's dimension in each.
  const std::vector<double> truth = evenly_spaced(standardised, targets, rows);
  const int64_t n = static_cast<int64_t>(truth.size()) / targets;
  auto trust = [&](const std::vector<double>& points) {
    return analysis::trustworthiness(truth.data(), targets, evenly_spaced(points, dims, rows).data(), dims, n,
                                     kNeighbours);
  };
  return {{"latent", scores(latent, dims, standardised, state)},
          {"pixel_pca", scores(control, dims, standardised, state)},
          {"h1_dominant_bars",
           {{"latent", loops(latent, dims)}, {"pixel_pca", loops(control, dims)},
            {"state", loops(state.values(), targets)}}},
          {"trustworthiness", {{"latent", trust(latent)}, {"pixel_pca", trust(control)}}},
          {"correlation_dimension",
           {{"latent", dimension(latent, rows, dims)}, {"pixel_pca", dimension(control, rows, dims)},
            {"state", dimension(state.values(), rows, targets)}}}};
}

}  // namespace flujo::autoencode
