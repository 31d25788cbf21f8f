#include "run/flow_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "flujo/core/error.hpp"
#include "run/point_clouds.hpp"

namespace flujo::run {
namespace {

// Ridge penalty per row: small enough not to bias a well-posed readout, large enough to keep
// collinear windows (neighbouring time steps) solvable.
constexpr double kRidgePerRow = 1e-6;

// Ridge from the representation's first half of rows to the standardised truth.
analysis::RidgeModel fit_readout(const Representation& r, const std::vector<double>& target,
                                 int64_t half, int64_t dims) {
  return analysis::fit_ridge(r.points.data(), target.data(), half, r.dims, dims,
                             kRidgePerRow * static_cast<double>(half));
}

}  // namespace

nlohmann::json score_representation(const Representation& r, const data::Series& truth,
                                    int64_t neighbours, int64_t neighbour_points) {
  const int64_t rows = truth.time_steps(), dims = truth.channels(), half = rows / 2;
  const std::vector<double> target = standardised(truth, channel_scale(truth));
  const analysis::RidgeModel readout = fit_readout(r, target, half, dims);
  std::vector<double> predicted(static_cast<size_t>((rows - half) * dims));
  readout.predict(r.points.data() + half * r.dims, rows - half, predicted.data());
  const std::vector<double> r2 = analysis::r2_scores(target.data() + half * dims, predicted.data(), rows - half, dims);
  // The same halves through the k-nearest-neighbour readout: a curved image of the state (an
  // autoencoder's small latent) decodes here even where the ridge readout cannot.
  const std::vector<double> nearest_predicted =
      analysis::knn_regression(r.points.data(), target.data(), half, r.dims, dims,
                               r.points.data() + half * r.dims, rows - half, neighbours);
  const std::vector<double> knn_r2 = analysis::r2_scores(target.data() + half * dims,
                                                         nearest_predicted.data(), rows - half, dims);
  nlohmann::json decode = nlohmann::json::object(), decode_knn = nlohmann::json::object();
  for (int64_t c = 0; c < dims; ++c) {
    decode[truth.channel_names()[c]] = r2[c];
    decode_knn[truth.channel_names()[c]] = knn_r2[c];
  }

  const std::vector<double> original = evenly_spaced_rows(target, dims, rows, neighbour_points);
  const std::vector<double> embedded = evenly_spaced_rows(r.points, r.dims, rows, neighbour_points);
  const int64_t n = static_cast<int64_t>(original.size()) / dims;
  return {{"dims", r.dims},
          {"decode_r2", decode},
          {"decode_knn_r2", decode_knn},
          {"trustworthiness", analysis::trustworthiness(original.data(), dims, embedded.data(), r.dims, n, neighbours)},
          {"continuity", analysis::continuity(original.data(), dims, embedded.data(), r.dims, n, neighbours)},
          {"false_neighbour_fraction",
           analysis::false_neighbour_fraction(original.data(), dims, embedded.data(), r.dims, n, neighbours)}};
}

std::vector<double> decode_true_state(const Representation& r, const data::Series& truth,
                                      const std::vector<double>& states, int64_t rows) {
  const int64_t dims = truth.channels();
  require(static_cast<int64_t>(states.size()) == rows * r.dims,
          "decode_true_state: states are not (rows, " + std::to_string(r.dims) + ")");
  const ChannelScale scale = channel_scale(truth);
  const analysis::RidgeModel readout =
      fit_readout(r, standardised(truth, scale), truth.time_steps() / 2, dims);
  std::vector<double> decoded(static_cast<size_t>(rows * dims));
  readout.predict(states.data(), rows, decoded.data());
  for (int64_t t = 0; t < rows; ++t)
    for (int64_t c = 0; c < dims; ++c)
      decoded[t * dims + c] = scale.mean[c] + decoded[t * dims + c] * scale.sd[c];
  return decoded;
}

Invariants measure_invariants(const InvariantInputs& in) {
  Invariants out;
  const analysis::CorrelationDimensionOptions d2_options{.theiler_window = in.delay};
  const std::vector<double> generated_embedding = analysis::delay_embed(in.generated, in.delay, 3);
  const std::vector<double> floor_embedding = analysis::delay_embed(in.truth_floor, in.delay, 3);
  const int64_t generated_rows = static_cast<int64_t>(generated_embedding.size()) / 3;
  const int64_t floor_rows = static_cast<int64_t>(floor_embedding.size()) / 3;
  out.generated_embedding = generated_embedding;

  const analysis::PersistenceOptions topology;
  out.generated_diagram = analysis::persistence_diagram(generated_embedding.data(), generated_rows, 3, topology);
  const std::vector<analysis::PersistencePair> floor_diagram =
      analysis::persistence_diagram(floor_embedding.data(), floor_rows, 3, topology);
  if (in.true_state) {
    const int64_t rows = static_cast<int64_t>(in.true_state->size()) / in.true_state_dims;
    out.truth_diagram = analysis::persistence_diagram(in.true_state->data(), rows, in.true_state_dims, topology);
    out.truth["correlation_dimension"] =
        analysis::correlation_dimension(in.true_state->data(), rows, in.true_state_dims, d2_options);
  } else {
    const std::vector<double> truth_embedding = analysis::delay_embed(in.truth, in.delay, 3);
    const int64_t rows = static_cast<int64_t>(truth_embedding.size()) / 3;
    out.truth_diagram = analysis::persistence_diagram(truth_embedding.data(), rows, 3, topology);
    out.truth["correlation_dimension"] = analysis::correlation_dimension(truth_embedding.data(), rows, 3, d2_options);
  }
  const int64_t steps = static_cast<int64_t>(in.generated.size());
  require(in.hidden_width >= 1 &&
              static_cast<int64_t>(in.generated_hidden.size()) == steps * in.hidden_width,
          "measure_invariants: the free run's hidden states are not (steps, hidden_width)");
  const analysis::Pca hidden_pca =
      analysis::fit_pca(in.generated_hidden.data(), steps, in.hidden_width);
  const int64_t pcs = std::max<int64_t>(3, hidden_pca.components_for(0.99));
  const std::vector<double> projected =
      hidden_pca.transform(in.generated_hidden.data(), steps, pcs);
  const double d2_hidden = correlation_dimension_or_nan(projected.data(), steps, pcs, d2_options);
  const std::string hidden_space =
      "hidden states, " + std::to_string(pcs) + " principal components (99% of the variance)";
  out.free_run = {
      {"correlation_dimension", d2_hidden},
      {"correlation_dimension_space", hidden_space},
      {"correlation_dimension_hidden", d2_hidden},
      {"correlation_dimension_delay",
       correlation_dimension_or_nan(generated_embedding.data(), generated_rows, 3, d2_options)},
      {"d_stsp", analysis::state_space_divergence(in.truth, in.generated, in.delay)},
      {"d_h", analysis::power_spectrum_hellinger(in.truth, in.generated)},
      {"h1_dominant_bars", analysis::dominant_bars(out.generated_diagram, 1)},
      {"bottleneck_h1", analysis::bottleneck_distance(out.truth_diagram, out.generated_diagram, 1)}};
  if (in.generated_state) {
    const int64_t dims = in.true_state_dims;
    const auto rows = static_cast<int64_t>(in.generated_state->size()) / dims;
    out.free_run["correlation_dimension"] =
        correlation_dimension_or_nan(in.generated_state->data(), rows, dims, d2_options);
    out.free_run["correlation_dimension_space"] =
        "true state coordinates: free-run hidden states decoded by the teacher-forced "
        "ridge readout";
  }
  out.truth["correlation_dimension_delay"] =
      analysis::correlation_dimension(floor_embedding.data(), floor_rows, 3, d2_options);
  out.truth["d_stsp_floor"] = analysis::state_space_divergence(in.truth, in.truth_floor, in.delay);
  out.truth["d_h_floor"] = analysis::power_spectrum_hellinger(in.truth, in.truth_floor);
  out.truth["h1_dominant_bars"] = analysis::dominant_bars(out.truth_diagram, 1);
  out.truth["bottleneck_h1_floor"] = analysis::bottleneck_distance(out.truth_diagram, floor_diagram, 1);
  return out;
}

}  // namespace flujo::run
