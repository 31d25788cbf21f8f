#pragma once
// The numbers behind `flujo analyze`: each representation of the held-out trajectory scored
// against the true state, and the free-running model's invariants against the truth.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/analysis.hpp"
#include "flujo/analysis/flow.hpp"
#include "flujo/data.hpp"

namespace flujo::run {

// A representation: rows aligned with the true state's rows.
struct Representation {
  std::string name;            // hidden | hidden_pca | input_window_pca | input_window | delay
  int64_t dims = 0;
  std::vector<double> points;  // (N, dims)
};

// decode_r2 (per true coordinate: ridge fitted on the first half, scored on the second),
// decode_knn_r2 (the same halves, the mean of the `neighbours` nearest fitting rows),
// trustworthiness, continuity and false-neighbour fraction on `neighbour_points` evenly spaced rows.
nlohmann::json score_representation(const Representation& representation, const data::Series& truth,
                                    int64_t neighbours, int64_t neighbour_points);

// The readout score_representation scores (ridge from the representation to the standardised true
// state, fitted on the first half of the rows), applied to `states` (rows, representation.dims) and
// returned in the true state's own units: (rows, truth.channels()). It carries hidden states the
// network generates free into the true coordinates.
std::vector<double> decode_true_state(const Representation& representation,
                                      const data::Series& truth, const std::vector<double>& states,
                                      int64_t rows);

// Invariants of a generated scalar series against a true one, with the floor measured between
// two independent true series of the same length.
struct InvariantInputs {
  std::vector<double> generated;  // x̂ from the free run
  std::vector<double> truth;      // x of the reference true trajectory
  std::vector<double> truth_floor;  // x of an independent true trajectory
  std::optional<std::vector<double>> true_state;  // (S, D) of the reference, when known
  int64_t true_state_dims = 0;
  std::vector<double> generated_hidden;  // (S, W) the free run's hidden states
  int64_t hidden_width = 0;
  std::optional<std::vector<double>> generated_state;  // (S, D) those decoded (decode_true_state)
  int64_t delay = 1;              // of the 3-D delay embeddings
};
struct Invariants {
  nlohmann::json free_run, truth;
  std::vector<analysis::PersistencePair> truth_diagram, generated_diagram;
  std::vector<double> generated_embedding;  // (rows, 3) delay embedding of x̂, for the report
};
// The correlation dimensions use one estimator everywhere: Grassberger–Procaccia defaults with a
// Theiler window of `delay` rows (the first minimum of mutual information, a decorrelation time),
// on S rows each. free_run.correlation_dimension is measured in the true state's coordinates when
// they exist (the decoded free run against the true state: same space, same scale), otherwise on
// the principal components with 99% of the free run's hidden-state variance;
// correlation_dimension_hidden and correlation_dimension_delay (3-D delay embedding of x̂, against
// the truth's) are kept beside it.
Invariants measure_invariants(const InvariantInputs& inputs);

}  // namespace flujo::run
