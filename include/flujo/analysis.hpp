#pragma once
// flujo analysis: double-precision tools that score what a model learned. One section per
// concern; each names the source file that implements it.
//
//   auto model = flujo::analysis::fit_ridge(x, y, rows, inputs, outputs, 1e-6);
//   auto sigma = flujo::analysis::channel_std(train, train_steps, channels);
//   auto valid = flujo::analysis::valid_prediction_time(forecast, truth, steps, channels, sigma,
//                                                       {.dt = 0.01, .lyapunov_exponent = 0.906});
#include <cstdint>
#include <span>
#include <vector>

#include "flujo/analysis/flow.hpp"

namespace flujo::analysis {

// ------------------------------------------------------------------ Ridge regression (ridge.cpp)
// Minimises ||Y − X Wᵀ − 1 bᵀ||² + α ||W||² over W (O, I) and b (O); the bias is not penalised.
// X is (N, I), Y is (N, O), row-major. Solved by Cholesky on the centred normal equations
// (XcᵀXc + αI) Wᵀ = XcᵀYc accumulated in double; b = ȳ − W x̄.

struct RidgeModel {
  int64_t inputs = 0, outputs = 0;
  std::vector<double> weights;  // (O, I)
  std::vector<double> bias;     // (O); zeros when fitted without bias

  // x (rows, I) -> y (rows, O).
  void predict(const double* x, int64_t rows, double* y) const;
};

// Accumulates the normal equations a batch of rows at a time, so a readout over a long run needs
// O(I² + I·O) memory whatever N is, and solves for any α afterwards. Rows are shifted by the first
// row seen before accumulating, which keeps the centring free of cancellation when features have
// large means.
class RidgeAccumulator {
 public:
  RidgeAccumulator(int64_t inputs, int64_t outputs, bool fit_bias = true);

  // x (rows, I), y (rows, O). Throws Error on a non-finite value.
  void add(const double* x, const double* y, int64_t rows);
  // Throws Error when α < 0, no rows were added, or the system is singular to working precision
  // (a Cholesky pivot below ε·max diagonal): raise α or remove collinear features.
  RidgeModel solve(double alpha) const;

  int64_t rows() const { return rows_; }

 private:
  int64_t inputs_, outputs_;
  bool fit_bias_;
  int64_t rows_ = 0;
  std::vector<double> shift_x_, shift_y_;  // the first row, subtracted from every row
  std::vector<double> gram_;               // (I, I) Σ x xᵀ of shifted rows, upper triangle
  std::vector<double> cross_;              // (I, O) Σ x yᵀ of shifted rows
  std::vector<double> sum_x_, sum_y_;      // Σ x, Σ y of shifted rows
  std::vector<double> shifted_x_, shifted_y_;  // scratch for one batch
};

// One-shot fit of the whole data set.
RidgeModel fit_ridge(const double* x, const double* y, int64_t rows, int64_t inputs,
                     int64_t outputs, double alpha, bool fit_bias = true);

// k-nearest-neighbour regression (knn_readout.cpp): each query row (M, D) is predicted as the
// mean of the targets (N, T) of its k nearest fitting rows (N, D), in Euclidean distance, ties to
// the lower row. Returns (M, T). A readout that does not ask the representation to be a linear
// image of the targets, only not to fold distinct targets together.
std::vector<double> knn_regression(const double* fit, const double* targets, int64_t fit_rows,
                                   int64_t dims, int64_t target_dims, const double* queries,
                                   int64_t query_rows, int64_t k);

// Coefficient of determination per column: 1 − Σ(y − ŷ)² / Σ(y − ȳ)². A constant column scores
// 1 when predicted exactly and 0 otherwise (scikit-learn's force_finite convention).
std::vector<double> r2_scores(const double* truth, const double* prediction, int64_t rows,
                              int64_t columns);

// ------------------------------------------------------- Forecast metrics (forecast_metrics.cpp)
// Series are (steps, C) row-major. Errors are normalised per channel by σ_c, the standard
// deviation of the truth (or training) series, and combined as
//   e_t = sqrt( (1/C) Σ_c ((x̂_tc − x_tc) / σ_c)² )        (|x̂_t − x_t| / σ for C = 1).

// Population standard deviation (divisor T) of each channel; throws Error on a constant channel.
std::vector<double> channel_std(const double* series, int64_t steps, int64_t channels);

// e_t for every step.
std::vector<double> normalized_errors(const double* forecast, const double* truth, int64_t steps,
                                      int64_t channels, std::span<const double> sigma);

struct ValidTimeOptions {
  double threshold = 0.5;
  double dt = 0.0;                 // time between rows; required
  double lyapunov_exponent = 0.0;  // λ1 of the system; required
};

// Forecast row t is the prediction for time (t + 1)·dt after the last observation. If row k is the
// first with e_k > threshold, rows 0..k−1 were valid: valid_steps = k and the valid time is
// k·dt·λ1 Lyapunov times. If no row exceeds it, valid_steps = steps (the full horizon, a lower
// bound on the true valid time) and full_horizon is set.
struct ValidTime {
  int64_t valid_steps = 0;
  double lyapunov_times = 0.0;
  bool full_horizon = false;
};

ValidTime valid_prediction_time(const double* forecast, const double* truth, int64_t steps,
                                int64_t channels, std::span<const double> sigma,
                                const ValidTimeOptions& options);

// The persistence baseline (every row predicts last_observation (C)), scored the same way.
ValidTime persistence_valid_time(const double* last_observation, const double* truth,
                                 int64_t steps, int64_t channels, std::span<const double> sigma,
                                 const ValidTimeOptions& options);

// Quantile q ∈ [0, 1] with linear interpolation between order statistics: position q·(n − 1) of
// the sorted values (numpy.quantile's default, method "linear").
double quantile(std::span<const double> values, double q);

struct Summary {
  int64_t count = 0;
  double median = 0.0, q25 = 0.0, q75 = 0.0;
};
Summary summarize(std::span<const double> values);

// sqrt of the mean over rows and channels of ((ŷ − y) / σ_c)², e.g. for one-step predictions.
double nrmse(const double* prediction, const double* truth, int64_t rows, int64_t channels,
             std::span<const double> sigma);

}  // namespace flujo::analysis
