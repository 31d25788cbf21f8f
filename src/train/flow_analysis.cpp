#include "train/flow_analysis.hpp"

#include <cmath>

namespace flujo::train {
namespace {

// Ridge penalty per row: small enough not to bias a well-posed readout, large enough to keep
// collinear windows (neighbouring time steps) solvable.
constexpr double kRidgePerRow = 1e-6;

std::vector<double> evenly_spaced_rows(const std::vector<double>& points, int64_t dims, int64_t rows,
                                       int64_t wanted) {
  const int64_t count = std::min(rows, wanted);
  std::vector<double> out(static_cast<size_t>(count * dims));
  for (int64_t i = 0; i < count; ++i) {
    const int64_t row = i * rows / count;
    std::copy(points.begin() + row * dims, points.begin() + (row + 1) * dims, out.begin() + i * dims);
  }
  return out;
}

std::vector<double> standardised(const data::Series& series) {
  const int64_t rows = series.time_steps(), dims = series.channels();
  std::vector<double> out(series.values());
  for (int64_t c = 0; c < dims; ++c) {
    double mean = 0.0, squares = 0.0;
    for (int64_t t = 0; t < rows; ++t) mean += series.at(t, c);
    mean /= rows;
    for (int64_t t = 0; t < rows; ++t) squares += (series.at(t, c) - mean) * (series.at(t, c) - mean);
    const double sd = std::sqrt(squares / rows);
    for (int64_t t = 0; t < rows; ++t) out[t * dims + c] = (series.at(t, c) - mean) / (sd > 0 ? sd : 1.0);
  }
  return out;
}

}  // namespace

nlohmann::json score_representation(const Representation& r, const data::Series& truth,
                                    int64_t neighbours, int64_t neighbour_points) {
  const int64_t rows = truth.time_steps(), dims = truth.channels(), half = rows / 2;
  const std::vector<double> target = standardised(truth);
  const analysis::RidgeModel readout =
      analysis::fit_ridge(r.points.data(), target.data(), half, r.dims, dims, kRidgePerRow * half);
  std::vector<double> predicted(static_cast<size_t>((rows - half) * dims));
  readout.predict(r.points.data() + half * r.dims, rows - half, predicted.data());
  const std::vector<double> r2 = analysis::r2_scores(target.data() + half * dims, predicted.data(), rows - half, dims);
  nlohmann::json decode = nlohmann::json::object();
  for (int64_t c = 0; c < dims; ++c) decode[truth.channel_names()[c]] = r2[c];

  const std::vector<double> original = evenly_spaced_rows(target, dims, rows, neighbour_points);
  const std::vector<double> embedded = evenly_spaced_rows(r.points, r.dims, rows, neighbour_points);
  const int64_t n = static_cast<int64_t>(original.size()) / dims;
  return {{"dims", r.dims},
          {"decode_r2", decode},
          {"trustworthiness", analysis::trustworthiness(original.data(), dims, embedded.data(), r.dims, n, neighbours)},
          {"continuity", analysis::continuity(original.data(), dims, embedded.data(), r.dims, n, neighbours)},
          {"false_neighbour_fraction",
           analysis::false_neighbour_fraction(original.data(), dims, embedded.data(), r.dims, n, neighbours)}};
}

Invariants measure_invariants(const InvariantInputs& in) {
  Invariants out;
  const analysis::CorrelationDimensionOptions d2_options;
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
  out.free_run = {
      {"correlation_dimension", analysis::correlation_dimension(generated_embedding.data(), generated_rows, 3, d2_options)},
      {"d_stsp", analysis::state_space_divergence(in.truth, in.generated, in.delay)},
      {"d_h", analysis::power_spectrum_hellinger(in.truth, in.generated)},
      {"h1_dominant_bars", analysis::dominant_bars(out.generated_diagram, 1)},
      {"bottleneck_h1", analysis::bottleneck_distance(out.truth_diagram, out.generated_diagram, 1)}};
  out.truth["correlation_dimension_delay"] =
      analysis::correlation_dimension(floor_embedding.data(), floor_rows, 3, d2_options);
  out.truth["d_stsp_floor"] = analysis::state_space_divergence(in.truth, in.truth_floor, in.delay);
  out.truth["d_h_floor"] = analysis::power_spectrum_hellinger(in.truth, in.truth_floor);
  out.truth["h1_dominant_bars"] = analysis::dominant_bars(out.truth_diagram, 1);
  out.truth["bottleneck_h1_floor"] = analysis::bottleneck_distance(out.truth_diagram, floor_diagram, 1);
  return out;
}

}  // namespace flujo::train
