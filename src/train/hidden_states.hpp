#pragma once
// What the trained network holds inside. The recorder drives the network teacher forced over a
// trajectory: the state recorded at row t is the one after the window of rows (t − L, t] from a
// zero state, exactly as in training, for every layer (and the LSTM's cell). The free-running
// Lyapunov exponent measures how fast nearby hidden states of the autonomous network separate.
#include <cstdint>
#include <vector>

#include "flujo/data.hpp"
#include "train/sequence_model.hpp"

namespace flujo::train {

struct HiddenStates {
  int64_t count = 0;                  // N rows
  int64_t width = 0;                  // layers · H
  std::vector<double> hidden;         // (N, layers · H): layer 0's H values, then layer 1's …
  std::vector<double> cell;           // (N, layers · H), LSTM only
};

// States for rows first_row … first_row + count − 1 of a normalised series; first_row ≥ L − 1.
HiddenStates record_hidden_states(SequenceModel& model, const data::Series& normalised,
                                  int64_t first_row, int64_t count, int64_t look_back);

// The network run free after a warm-up on rows [0, L): its predictions (steps, C), normalised, and
// its hidden states (steps, layers · H) — the attractor it generates, in its own state space.
struct FreeRun {
  std::vector<double> predictions;
  HiddenStates states;
};
FreeRun free_run_with_states(SequenceModel& model, const data::Series& normalised, int64_t look_back,
                             int64_t steps);

struct FreeRunLyapunovOptions {
  int64_t steps = 20000;         // free-running steps averaged over
  int64_t transient = 1000;      // steps run before averaging starts
  int64_t renormalise_every = 10;
  double separation = 1e-4;      // distance kept between the two trajectories (hidden units)
};

// Largest Lyapunov exponent (per time unit: divided by dt) of the network run free after a
// warm-up on rows [0, L) of the series: two-trajectory Benettin in the space of (h, c).
double free_run_lyapunov(SequenceModel& model, const data::Series& normalised, int64_t look_back,
                         double dt, const FreeRunLyapunovOptions& options);

}  // namespace flujo::train
