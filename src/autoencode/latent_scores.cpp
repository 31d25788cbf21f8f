#include "autoencode/latent_scores.hpp"

#include <algorithm>

#include "flujo/analysis.hpp"
#include "run/point_clouds.hpp"

namespace flujo::autoencode {
namespace {

constexpr int64_t kBlock = 100;             // frames per alternating block
constexpr int64_t kNeighbours = 10;         // of the k-nearest-neighbour readout and trustworthiness
constexpr int64_t kNeighbourPoints = 2000;  // evenly spaced rows for trustworthiness
constexpr double kRidgePerRow = 1e-6;

// Rows of x (rows, dims) and y (rows, targets) dealt into the fitting half (even blocks) and the
// scored half (odd blocks).
struct Halves {
  std::vector<double> x[2], y[2];
  int64_t rows[2] = {0, 0};
};
Halves split(const std::vector<double>& x, int64_t dims, const std::vector<double>& y, int64_t targets) {
  Halves h;
  const int64_t rows = static_cast<int64_t>(y.size()) / targets;
  for (int64_t r = 0; r < rows; ++r) {
    const int half = (r / kBlock) % 2;
    h.x[half].insert(h.x[half].end(), x.begin() + r * dims, x.begin() + (r + 1) * dims);
    h.y[half].insert(h.y[half].end(), y.begin() + r * targets, y.begin() + (r + 1) * targets);
    ++h.rows[half];
  }
  return h;
}

nlohmann::json scores(const std::vector<double>& x, int64_t dims, const std::vector<double>& y,
                      const data::Series& state) {
  const int64_t targets = state.channels();
  const Halves h = split(x, dims, y, targets);
  const std::vector<double> nearest = analysis::knn_regression(
      h.x[0].data(), h.y[0].data(), h.rows[0], dims, targets, h.x[1].data(), h.rows[1], kNeighbours);
  const analysis::RidgeModel ridge = analysis::fit_ridge(h.x[0].data(), h.y[0].data(), h.rows[0], dims, targets,
                                                         kRidgePerRow * static_cast<double>(h.rows[0]));
  std::vector<double> linear(static_cast<size_t>(h.rows[1] * targets));
  ridge.predict(h.x[1].data(), h.rows[1], linear.data());
  const std::vector<double> knn_r2 = analysis::r2_scores(h.y[1].data(), nearest.data(), h.rows[1], targets);
  const std::vector<double> ridge_r2 = analysis::r2_scores(h.y[1].data(), linear.data(), h.rows[1], targets);
  nlohmann::json out = nlohmann::json::object();
  for (int64_t c = 0; c < targets; ++c)
    out[state.channel_names()[c]] = {{"knn_r2", knn_r2[c]}, {"ridge_r2", ridge_r2[c]}};
  return out;
}

}  // namespace

nlohmann::json score_latent(const std::vector<double>& latent, int64_t dims, const data::Series& state,
                            const movie::Frames& frames, int64_t first_frame) {
  const int64_t rows = state.time_steps(), targets = state.channels();
  const std::vector<double> standardised = run::standardised(state, run::channel_scale(state));
  const int64_t pixels = frames.height * frames.width;
  const std::vector<double> values(frames.frame(first_frame), frames.frame(first_frame) + rows * pixels);
  const analysis::Pca pca = analysis::fit_pca(values.data(), rows, pixels);
  const std::vector<double> control = pca.transform(values.data(), rows, dims);
  // The loops of each cloud (persistent homology of a 600-point subsample): one for a pendulum
  // at one energy, as its state's.
  auto loops = [&](const std::vector<double>& points, int64_t width) {
    return analysis::dominant_bars(analysis::persistence_diagram(points.data(), rows, width, {}), 1);
  };
  // Are the true state's neighbours the latent's? And the attractor's dimension in each cloud.
  const std::vector<double> truth = run::evenly_spaced_rows(standardised, targets, rows, kNeighbourPoints);
  const int64_t n = static_cast<int64_t>(truth.size()) / targets;
  auto trust = [&](const std::vector<double>& points) {
    return analysis::trustworthiness(truth.data(), targets,
                                     run::evenly_spaced_rows(points, dims, rows, kNeighbourPoints).data(), dims,
                                     n, kNeighbours);
  };
  auto dimension = [&](const std::vector<double>& points, int64_t width) {
    return run::correlation_dimension_or_nan(points.data(), rows, width, {});
  };
  // How many state variables the cloud holds (Levina–Bickel, as Chen et al. read their latents).
  auto intrinsic = [&](const std::vector<double>& points, int64_t width) {
    return analysis::intrinsic_dimension(points.data(), rows, width, {});
  };
  return {{"latent", scores(latent, dims, standardised, state)},
          {"pixel_pca", scores(control, dims, standardised, state)},
          {"h1_dominant_bars",
           {{"latent", loops(latent, dims)}, {"pixel_pca", loops(control, dims)},
            {"state", loops(state.values(), targets)}}},
          {"trustworthiness", {{"latent", trust(latent)}, {"pixel_pca", trust(control)}}},
          {"correlation_dimension",
           {{"latent", dimension(latent, dims)}, {"pixel_pca", dimension(control, dims)},
            {"state", dimension(state.values(), targets)}}},
          {"intrinsic_dimension",
           {{"latent", intrinsic(latent, dims)}, {"pixel_pca", intrinsic(control, dims)},
            {"state", intrinsic(state.values(), targets)}}}};
}

}  // namespace flujo::autoencode
