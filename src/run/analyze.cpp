// flujo analyze RUN: does the trained network's hidden state recreate the flow? Records hidden
// states (an autoencoder's latents) over a held-out trajectory, scores them and the controls
// against the true state, runs the network free (a model that runs free) and compares the
// invariants of what it generates with the truth.
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "flujo/analysis.hpp"
#include "flujo/core.hpp"
#include "flujo/data.hpp"
#include "flujo/dynamics.hpp"
#include "flujo/run.hpp"
#include "run/analysis_report.hpp"
#include "run/flow_analysis.hpp"
#include "run/hidden_states.hpp"
#include "run/loaded_model.hpp"
#include "run/prepared_data.hpp"
#include "run/run_files.hpp"
#include "run/run_lock.hpp"

namespace flujo::run {
namespace {

// Largest delay searched for the mutual-information minimum, and largest embedding dimension.
constexpr int64_t kMaxDelay = 100;
constexpr int64_t kMaxEmbeddingDimension = 8;

std::vector<double> channel(const data::Series& series, int64_t c, int64_t begin, int64_t count) {
  std::vector<double> out(static_cast<size_t>(count));
  for (int64_t t = 0; t < count; ++t) out[t] = series.at(begin + t, c);
  return out;
}

data::Series rows_of(const data::Series& series, int64_t begin, int64_t count) {
  const int64_t c = series.channels();
  return data::Series(count, series.channel_names(),
                      std::vector<double>(series.data() + begin * c, series.data() + (begin + count) * c));
}

// Rows of hidden.npy, cell.npy, input.npy and true_state.npy are the same time steps; free_run.npy
// is written for a model that runs free.
void export_arrays(const std::string& directory, const HiddenStates& states, const data::Series& observed,
                   const std::optional<data::Series>& true_state, const std::vector<double>& generated,
                   int64_t channels) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  require(!error, directory + ": cannot create the export directory (" + error.message() + ")");
  data::write_npy(directory + "/hidden.npy", states.hidden, {states.count, states.width});
  if (!states.cell.empty()) data::write_npy(directory + "/cell.npy", states.cell, {states.count, states.width});
  data::write_npy(directory + "/input.npy", observed);
  if (true_state) data::write_npy(directory + "/true_state.npy", *true_state);
  if (!generated.empty())
    data::write_npy(directory + "/free_run.npy", generated,
                    {static_cast<int64_t>(generated.size()) / channels, channels});
}

}  // namespace

nlohmann::json analyze_run(const std::string& run_dir, const AnalyzeOptions& options) {
  require(options.points >= 100, "'--points' must be at least 100");
  require(options.neighbours >= 1, "'--neighbours' must be positive");
  require(options.free_run_steps >= 1000, "'--free-run-steps' must be at least 1000");
  LoadedModel loaded = load_trained(run_dir);
  const RunLock lock(run_dir);
  const TrainConfig& config = loaded.config;
  Model& model = *loaded.model;
  const bool runs_free = model.stepper(1) != nullptr;
  const int64_t look_back = config.look_back, channels = model.channels();
  const double dt = config.data_file.empty() ? config.dt : 1.0;
  nlohmann::json flow = {{"run", run_dir}, {"notes", nlohmann::json::array()}};

  // The held-out trajectory: long enough for the recorded points after the longest delay window,
  // and for the free run. For a user file it is the test split, whatever its length.
  const bool built_in = config.data_file.empty();
  const int64_t wanted = std::max(look_back + options.free_run_steps,
                                  kMaxDelay * kMaxEmbeddingDimension + options.points);
  const HeldOut held_out = held_out_trajectory(config, wanted, 1);
  const HeldOut floor_run = held_out_trajectory(config, wanted, 2);
  const data::Series normalised = loaded.normaliser.normalise(held_out.observed);
  const int64_t available = held_out.observed.time_steps();

  // Delay embedding of the first observed channel: delay from mutual information, dimension from
  // false nearest neighbours.
  const std::vector<double> x = channel(held_out.observed, 0, 0, available);
  const int64_t delay = analysis::first_minimum_mutual_information(x, std::min<int64_t>(kMaxDelay, available / 10));
  const int64_t dimension = analysis::embedding_dimension(x, delay, kMaxEmbeddingDimension);
  flow["delay_embedding"] = {{"delay", delay}, {"dimension", dimension}};

  const int64_t first_row = std::max(look_back - 1, (dimension - 1) * delay);
  const int64_t points = std::min(options.points, available - first_row);
  require(points >= 100, run_dir + ": the held-out series has too few rows (" + std::to_string(available) +
                             ") for the analysis");
  const HiddenStates states = model.record_states(normalised, first_row, points, look_back);
  require(states.count == points,
          run_dir + ": analyze reads a model's state step by step, and the " + config.model +
              " model records none");

  std::vector<Representation> representations;
  representations.push_back({"hidden", states.width, states.hidden});
  const analysis::Pca pca = analysis::fit_pca(states.hidden.data(), points, states.width);
  const int64_t pca_dims = std::max<int64_t>(3, pca.components_for(0.99));
  representations.push_back({"hidden_pca", pca_dims, pca.transform(states.hidden.data(), points, pca_dims)});
  {
    Representation window{"input_window", look_back * channels, {}};
    for (int64_t i = 0; i < points; ++i)
      for (int64_t t = first_row + i - look_back + 1; t <= first_row + i; ++t)
        for (int64_t c = 0; c < channels; ++c) window.points.push_back(normalised.at(t, c));
    // A state narrower than the window (an autoencoder's latent) gets a control of its own
    // size: the window's first principal components.
    if (states.width < window.dims) {
      const analysis::Pca window_pca = analysis::fit_pca(window.points.data(), points, window.dims);
      representations.push_back({"input_window_pca", states.width,
                                 window_pca.transform(window.points.data(), points, states.width)});
    }
    representations.push_back(std::move(window));
  }
  {
    const std::vector<double> embedded = analysis::delay_embed(x, delay, dimension);
    // Row t of the embedding (t ≥ (dimension − 1)·delay) sits at index t − (dimension − 1)·delay.
    const int64_t offset = first_row - (dimension - 1) * delay;
    representations.push_back({"delay", dimension,
                               std::vector<double>(embedded.begin() + offset * dimension,
                                                   embedded.begin() + (offset + points) * dimension)});
  }
  flow["hidden_pca_explained_ratio"] = pca.explained_ratio;
  flow["hidden_pca_components_99"] = pca.components_for(0.99);

  std::optional<data::Series> true_rows;
  if (held_out.true_state) {
    true_rows = rows_of(*held_out.true_state, first_row, points);
    for (const Representation& r : representations)
      flow[r.name] = score_representation(r, *true_rows, options.neighbours, options.neighbour_points);
  } else {
    flow["notes"].push_back("no true state for a user series: decodability, trustworthiness and "
                            "continuity are skipped");
    for (const Representation& r : representations) flow[r.name] = {{"dims", r.dims}};
  }

  // The free run: warm up on the held-out window, then run on the model's own predictions.
  std::vector<double> generated;  // (steps, C), raw units; empty for a model that does not run free
  Invariants invariants;
  if (runs_free) {
    const int64_t steps = std::min(options.free_run_steps, available - look_back);
    const FreeRun free = free_run_with_states(model, normalised, look_back, steps);
    generated = free.predictions;
    for (size_t i = 0; i < generated.size(); ++i)
      generated[i] = loaded.normaliser.denormalise(generated[i], static_cast<int64_t>(i % channels));
    std::vector<double> generated_x(static_cast<size_t>(steps));
    for (int64_t t = 0; t < steps; ++t) generated_x[t] = generated[t * channels];

    InvariantInputs inputs;
    inputs.generated = generated_x;
    inputs.truth = channel(held_out.observed, 0, look_back, steps);
    inputs.truth_floor = channel(floor_run.observed, 0, look_back,
                                 std::min(steps, floor_run.observed.time_steps() - look_back));
    inputs.delay = delay;
    inputs.generated_hidden = free.states.hidden;
    inputs.hidden_width = free.states.width;
    if (held_out.true_state) {
      const data::Series truth_rows = rows_of(*held_out.true_state, look_back, steps);
      inputs.true_state = truth_rows.values();
      inputs.true_state_dims = truth_rows.channels();
      // The free run's hidden states in the true coordinates, through the teacher-forced readout
      // of the hidden-state representation (the first one made above).
      const Representation& hidden_representation = representations.front();
      inputs.generated_state =
          decode_true_state(hidden_representation, *true_rows, free.states.hidden, steps);
    } else {
      flow["notes"].push_back("no true state for a user series: the free run's correlation "
                              "dimension is measured in its hidden space (principal components "
                              "with 99% of the variance), the truth's in a 3-D delay embedding");
    }
    invariants = measure_invariants(inputs);
    invariants.free_run["lyapunov_max"] = free_run_lyapunov(model, normalised, look_back, dt, {});
  } else {
    flow["notes"].push_back("the " + config.model + " model does not run free: the free-run "
                            "invariants are skipped");
  }
  if (built_in) {
    const auto system = dynamics::make_system(config.system);
    dynamics::LyapunovOptions lyapunov;
    lyapunov.count = 1;
    invariants.truth["lyapunov_max"] = dynamics::lyapunov_spectrum(*system, lyapunov).exponents.at(0);
  } else {
    flow["notes"].push_back("no equations for a user series: the true Lyapunov exponent is unknown");
  }
  if (runs_free) flow["free_run"] = invariants.free_run;
  flow["truth"] = invariants.truth;

  RunFiles run(run_dir);
  run.write_text("flow.json", flow.dump(2) + "\n");
  if (!options.export_dir.empty())
    export_arrays(options.export_dir, states, rows_of(held_out.observed, first_row, points), true_rows,
                  generated, channels);
  if (options.report) {
    AnalysisFigures figures{config, flow, held_out, states, pca, representations, generated, invariants,
                            first_row, dt};
    write_analysis_report(run_dir, figures);
  }
  return flow;
}

}  // namespace flujo::run
