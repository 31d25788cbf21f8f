#pragma once
// Echo state network: the strong baseline for forecasting chaotic series. A fixed random sparse
// reservoir is driven by the observations and only a linear readout is trained, in one ridge
// solve. Not a tape layer: everything is double, from the state update to the readout.
//
//   state   r' = (1 − a) r + a tanh(W r + W_in u + b)          r (N), u (C), W (N, N) sparse
//   readout û_next = W_out [r', r'² (squared_states), u (input_in_readout)] + b_out
//
// C channels in, the next value of the same C channels out. Training is teacher forced over the
// whole series (input row t, target row t + 1, the first `washout` states dropped); forecasting
// warms the reservoir up on true rows, then runs closed loop on its own predictions.
//
//   flujo::Rng rng(seed);
//   flujo::nn::EchoStateNetwork esn({.reservoir_size = 500, .channels = 3}, rng);
//   esn.fit(train.data(), train_steps);                             // train (T, C)
//   auto path = esn.forecast(warmup.data(), warmup_steps, 1000);    // (1000, C)
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "flujo/analysis.hpp"
#include "flujo/core/random.hpp"

namespace flujo::nn {

// The defaults forecast Lorenz-63 well both from x alone (N = 1000, dt 0.01) and from the full
// state (N = 500, dt 0.02), with every channel normalised to zero mean and unit variance.
struct EsnOptions {
  int64_t reservoir_size = 500;  // N
  int64_t channels = 1;          // C
  int64_t degree = 3;            // nonzeros per row of W, at distinct random columns
  double spectral_radius = 1.1;  // W is rescaled to exactly this largest |eigenvalue|
  double leak_rate = 0.3;        // a ∈ (0, 1]
  double input_scaling = 1.0;    // W_in uniform in ±input_scaling
  double bias_scaling = 0.5;     // b uniform in ±bias_scaling
  int64_t washout = 200;         // states dropped at the start of fit
  double ridge_alpha = 1e-6;     // absolute α of analysis::RidgeAccumulator
  bool squared_states = true;    // Pathak et al. (2017): r² features break tanh's odd symmetry
  bool input_in_readout = true;  // the current input feeds the readout directly
};

// Throws Error naming the first option out of range.
void validate(const EsnOptions& options);
nlohmann::json to_json(const EsnOptions& options);
EsnOptions esn_options_from_json(const nlohmann::json& json);

// Compressed sparse rows: row i's entries are column[row_start[i] .. row_start[i + 1]).
struct CsrMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> row_start;  // rows + 1
  std::vector<int64_t> column;
  std::vector<double> value;
};

// Largest |eigenvalue| of a square matrix, computed exactly (LAPACK dgeev on a dense copy,
// O(N³): about a second at N = 1000). Power iteration is not used because a random
// nonsymmetric reservoir's dominant eigenvalues are usually a complex pair, around which it
// oscillates instead of converging.
double spectral_radius(const CsrMatrix& matrix);

// The working memory of one reservoir trajectory: the state r (N) and scratch for an update.
struct ReservoirState {
  std::vector<double> r;
  std::vector<double> preactivation;
};

class EchoStateNetwork {
 public:
  // Draws W, W_in and b from rng in that order (row by row), so a seed fixes the network.
  EchoStateNetwork(EsnOptions options, Rng& rng);

  // series (T, C). Replaces any previous readout. Throws Error on non-finite data, when
  // T − 1 ≤ washout, or when the ridge system is singular.
  void fit(const double* series, int64_t steps);
  // Teacher forced from a zero state: row t of the result (T, C) predicts series row t + 1.
  std::vector<double> predict_next(const double* series, int64_t steps) const;
  // Warm-up on warmup (W, C) from a zero state, then `steps` closed-loop rows (steps, C); row 0
  // predicts the row after the warm-up window.
  std::vector<double> forecast(const double* warmup, int64_t warmup_steps, int64_t steps) const;

  ReservoirState zero_state() const;
  // One state update in place with input u (C).
  void update(ReservoirState& state, const double* input) const;
  // Readout features of a state and the input that produced it, written to features (F).
  void features(const ReservoirState& state, const double* input, double* features) const;
  int64_t feature_count() const;

  bool fitted() const { return !readout_.weights.empty(); }
  const EsnOptions& options() const { return options_; }
  const CsrMatrix& reservoir() const { return reservoir_; }
  const std::vector<double>& input_weights() const { return input_weights_; }  // (N, C)
  const analysis::RidgeModel& readout() const { return readout_; }

  // Everything needed to forecast again bit for bit: options, W (CSR), W_in, b and the readout.
  nlohmann::json to_json() const;
  // Throws Error on a missing field or inconsistent shapes.
  static EchoStateNetwork from_json(const nlohmann::json& json);

 private:
  EchoStateNetwork() = default;
  void readout_step(const ReservoirState& state, const double* input, double* features,
                    double* output) const;

  EsnOptions options_;
  CsrMatrix reservoir_;
  std::vector<double> input_weights_;  // (N, C)
  std::vector<double> bias_;           // (N)
  analysis::RidgeModel readout_;       // (C, F)
};

}  // namespace flujo::nn
