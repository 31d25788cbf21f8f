#include "flujo/nn/esn.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "flujo/core/error.hpp"

// OpenBLAS ships LAPACK's symbols but Debian installs no LAPACKE header; the Fortran interface
// takes every argument by pointer, with hidden string lengths at the end.
extern "C" void dgeev_(const char* jobvl, const char* jobvr, const int* n, double* a,
                       const int* lda, double* wr, double* wi, double* vl, const int* ldvl,
                       double* vr, const int* ldvr, double* work, const int* lwork, int* info,
                       size_t, size_t);

namespace flujo::nn {
namespace {
constexpr int64_t kFitBatchRows = 256;  // rows per ridge accumulation (one dsyrk call)
}  // namespace

void validate(const EsnOptions& o) {
  auto fail = [](const std::string& what) { throw Error("esn option " + what); };
  if (o.reservoir_size < 1) fail("reservoir_size must be >= 1");
  if (o.channels < 1) fail("channels must be >= 1");
  if (o.degree < 1 || o.degree > o.reservoir_size) fail("degree must lie in [1, reservoir_size]");
  if (!(o.spectral_radius > 0.0) || !std::isfinite(o.spectral_radius))
    fail("spectral_radius must be > 0");
  if (!(o.leak_rate > 0.0 && o.leak_rate <= 1.0)) fail("leak_rate must lie in (0, 1]");
  if (!(o.input_scaling >= 0.0) || !std::isfinite(o.input_scaling))
    fail("input_scaling must be >= 0");
  if (!(o.bias_scaling >= 0.0) || !std::isfinite(o.bias_scaling)) fail("bias_scaling must be >= 0");
  if (o.washout < 0) fail("washout must be >= 0");
  if (!(o.ridge_alpha >= 0.0) || !std::isfinite(o.ridge_alpha)) fail("ridge_alpha must be >= 0");
}

double spectral_radius(const CsrMatrix& matrix) {
  require(matrix.rows == matrix.cols && matrix.rows > 0, "spectral_radius: matrix not square");
  const int n = static_cast<int>(matrix.rows);
  // Column-major storage of the row-major matrix is its transpose: same eigenvalues.
  std::vector<double> dense(static_cast<size_t>(n) * n, 0.0), wr(n), wi(n);
  for (int64_t i = 0; i < matrix.rows; ++i)
    for (int64_t k = matrix.row_start[i]; k < matrix.row_start[i + 1]; ++k)
      dense[i * n + matrix.column[k]] = matrix.value[k];
  const char no = 'N';
  const int one = 1, query = -1;
  int info = 0;
  double work_size = 0.0, unused = 0.0;
  dgeev_(&no, &no, &n, dense.data(), &n, wr.data(), wi.data(), &unused, &one, &unused, &one,
         &work_size, &query, &info, 1, 1);
  const int lwork = static_cast<int>(work_size);
  std::vector<double> work(lwork);
  dgeev_(&no, &no, &n, dense.data(), &n, wr.data(), wi.data(), &unused, &one, &unused, &one,
         work.data(), &lwork, &info, 1, 1);
  require(info == 0, "spectral_radius: LAPACK dgeev failed with info " + std::to_string(info));
  double radius = 0.0;
  for (int i = 0; i < n; ++i) radius = std::max(radius, std::hypot(wr[i], wi[i]));
  return radius;
}

EchoStateNetwork::EchoStateNetwork(EsnOptions options, Rng& rng) : options_(options) {
  validate(options_);
  const int64_t n = options_.reservoir_size, c = options_.channels;
  reservoir_.rows = reservoir_.cols = n;
  reservoir_.row_start.assign(1, 0);
  std::vector<int64_t> columns;
  for (int64_t i = 0; i < n; ++i) {
    columns.clear();
    while (static_cast<int64_t>(columns.size()) < options_.degree) {
      const auto j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
      if (std::find(columns.begin(), columns.end(), j) == columns.end()) columns.push_back(j);
    }
    std::sort(columns.begin(), columns.end());
    for (int64_t j : columns) {
      reservoir_.column.push_back(j);
      reservoir_.value.push_back(rng.uniform(-1.0, 1.0));
    }
    reservoir_.row_start.push_back(static_cast<int64_t>(reservoir_.column.size()));
  }
  const double radius = spectral_radius(reservoir_);
  require(radius > 1e-12, "esn: the random reservoir is nilpotent (spectral radius 0); "
                          "raise degree or change the seed");
  for (double& v : reservoir_.value) v *= options_.spectral_radius / radius;
  input_weights_.resize(n * c);
  for (double& v : input_weights_) v = rng.uniform(-options_.input_scaling, options_.input_scaling);
  bias_.resize(n);
  for (double& v : bias_) v = rng.uniform(-options_.bias_scaling, options_.bias_scaling);
}

ReservoirState EchoStateNetwork::zero_state() const {
  return {std::vector<double>(options_.reservoir_size, 0.0),
          std::vector<double>(options_.reservoir_size, 0.0)};
}

void EchoStateNetwork::update(ReservoirState& state, const double* input) const {
  const int64_t n = options_.reservoir_size, c = options_.channels;
  const double a = options_.leak_rate;
  for (int64_t i = 0; i < n; ++i) {
    double sum = bias_[i];
    for (int64_t k = reservoir_.row_start[i]; k < reservoir_.row_start[i + 1]; ++k)
      sum += reservoir_.value[k] * state.r[reservoir_.column[k]];
    for (int64_t j = 0; j < c; ++j) sum += input_weights_[i * c + j] * input[j];
    state.preactivation[i] = sum;
  }
  for (int64_t i = 0; i < n; ++i)
    state.r[i] = (1.0 - a) * state.r[i] + a * std::tanh(state.preactivation[i]);
}

int64_t EchoStateNetwork::feature_count() const {
  const int64_t n = options_.reservoir_size;
  return n + (options_.squared_states ? n : 0) +
         (options_.input_in_readout ? options_.channels : 0);
}

void EchoStateNetwork::features(const ReservoirState& state, const double* input,
                                double* out) const {
  const int64_t n = options_.reservoir_size;
  out = std::copy(state.r.begin(), state.r.end(), out);
  if (options_.squared_states)
    for (int64_t i = 0; i < n; ++i) *out++ = state.r[i] * state.r[i];
  if (options_.input_in_readout) std::copy(input, input + options_.channels, out);
}

void EchoStateNetwork::readout_step(const ReservoirState& state, const double* input,
                                    double* feature_row, double* output) const {
  features(state, input, feature_row);
  readout_.predict(feature_row, 1, output);
}

void EchoStateNetwork::fit(const double* series, int64_t steps) {
  const int64_t c = options_.channels, f = feature_count();
  require(steps - 1 > options_.washout,
          "esn fit: " + std::to_string(steps) + " steps leave no training rows after washout " +
              std::to_string(options_.washout));
  for (int64_t k = 0; k < steps * c; ++k)
    require(std::isfinite(series[k]), "esn fit: non-finite value at step " + std::to_string(k / c));
  analysis::RidgeAccumulator accumulator(f, c);
  std::vector<double> x(kFitBatchRows * f), y(kFitBatchRows * c);
  int64_t batch = 0;
  ReservoirState state = zero_state();
  for (int64_t t = 0; t + 1 < steps; ++t) {
    update(state, series + t * c);
    if (t < options_.washout) continue;
    features(state, series + t * c, x.data() + batch * f);
    std::copy(series + (t + 1) * c, series + (t + 2) * c, y.data() + batch * c);
    if (++batch == kFitBatchRows) {
      accumulator.add(x.data(), y.data(), batch);
      batch = 0;
    }
  }
  accumulator.add(x.data(), y.data(), batch);
  readout_ = accumulator.solve(options_.ridge_alpha);
}

std::vector<double> EchoStateNetwork::predict_next(const double* series, int64_t steps) const {
  require(fitted(), "esn: predict_next before fit");
  const int64_t c = options_.channels;
  std::vector<double> out(steps * c), feature_row(feature_count());
  ReservoirState state = zero_state();
  for (int64_t t = 0; t < steps; ++t) {
    update(state, series + t * c);
    readout_step(state, series + t * c, feature_row.data(), out.data() + t * c);
  }
  return out;
}

std::vector<double> EchoStateNetwork::forecast(const double* warmup, int64_t warmup_steps,
                                               int64_t steps) const {
  require(fitted(), "esn: forecast before fit");
  require(warmup_steps >= 1 && steps >= 0, "esn forecast: need warmup_steps >= 1, steps >= 0");
  const int64_t c = options_.channels;
  std::vector<double> out(steps * c), feature_row(feature_count()), next(c);
  ReservoirState state = zero_state();
  for (int64_t t = 0; t < warmup_steps; ++t) {
    update(state, warmup + t * c);
    if (t + 1 == warmup_steps) readout_step(state, warmup + t * c, feature_row.data(), next.data());
  }
  for (int64_t t = 0; t < steps; ++t) {
    std::copy(next.begin(), next.end(), out.begin() + t * c);
    if (t + 1 == steps) break;
    update(state, out.data() + t * c);
    readout_step(state, out.data() + t * c, feature_row.data(), next.data());
  }
  return out;
}

}  // namespace flujo::nn
