#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

// OpenBLAS ships LAPACK's symbols but Debian installs no LAPACKE header; the Fortran interface
// takes every argument by pointer, with hidden string lengths at the end.
extern "C" {
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info, size_t);
void dpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* lda,
             double* b, const int* ldb, int* info, size_t);
}

namespace flujo::analysis {

void RidgeModel::predict(const double* x, int64_t rows, double* y) const {
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t o = 0; o < outputs; ++o) {
      const double* w = weights.data() + o * inputs;
      const double* xr = x + r * inputs;
      double sum = bias[o];
      for (int64_t i = 0; i < inputs; ++i) sum += w[i] * xr[i];
      y[r * outputs + o] = sum;
    }
  }
}

RidgeAccumulator::RidgeAccumulator(int64_t inputs, int64_t outputs, bool fit_bias)
    : inputs_(inputs), outputs_(outputs), fit_bias_(fit_bias) {
  require(inputs > 0 && outputs > 0, "ridge: inputs and outputs must be positive, got " +
                                         std::to_string(inputs) + " and " +
                                         std::to_string(outputs));
  shift_x_.assign(inputs, 0.0);
  shift_y_.assign(outputs, 0.0);
  gram_.assign(inputs * inputs, 0.0);
  cross_.assign(inputs * outputs, 0.0);
  sum_x_.assign(inputs, 0.0);
  sum_y_.assign(outputs, 0.0);
}

void RidgeAccumulator::add(const double* x, const double* y, int64_t rows) {
  if (rows <= 0) return;
  for (int64_t k = 0; k < rows * inputs_; ++k)
    require(std::isfinite(x[k]), "ridge: non-finite feature at row " +
                                     std::to_string(rows_ + k / inputs_));
  for (int64_t k = 0; k < rows * outputs_; ++k)
    require(std::isfinite(y[k]), "ridge: non-finite target at row " +
                                     std::to_string(rows_ + k / outputs_));
  if (rows_ == 0 && fit_bias_) {
    shift_x_.assign(x, x + inputs_);
    shift_y_.assign(y, y + outputs_);
  }
  shifted_x_.resize(rows * inputs_);
  shifted_y_.resize(rows * outputs_);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t i = 0; i < inputs_; ++i) {
      const double v = x[r * inputs_ + i] - shift_x_[i];
      shifted_x_[r * inputs_ + i] = v;
      sum_x_[i] += v;
    }
    for (int64_t o = 0; o < outputs_; ++o) {
      const double v = y[r * outputs_ + o] - shift_y_[o];
      shifted_y_[r * outputs_ + o] = v;
      sum_y_[o] += v;
    }
  }
  const auto n = static_cast<blasint>(inputs_), m = static_cast<blasint>(outputs_);
  const auto k = static_cast<blasint>(rows);
  cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, k, 1.0, shifted_x_.data(), n, 1.0,
              gram_.data(), n);
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, m, k, 1.0, shifted_x_.data(), n,
              shifted_y_.data(), m, 1.0, cross_.data(), m);
  rows_ += rows;
}

RidgeModel RidgeAccumulator::solve(double alpha) const {
  require(std::isfinite(alpha) && alpha >= 0.0,
          "ridge: alpha must be finite and >= 0, got " + std::to_string(alpha));
  require(rows_ > 0, "ridge: no rows to fit");
  const int64_t n = inputs_, m = outputs_;
  const double count = static_cast<double>(rows_);
  // Centre: Σ (x − x̄)(x − x̄)ᵀ = Σ x xᵀ − (Σ x)(Σ x)ᵀ / N, same for the cross term.
  const double centre = fit_bias_ ? 1.0 / count : 0.0;
  std::vector<double> system(n * n);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = i; j < n; ++j) {
      const double v = gram_[i * n + j] - centre * sum_x_[i] * sum_x_[j];
      system[i * n + j] = v;
      system[j * n + i] = v;
    }
  }
  double max_diagonal = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    system[i * n + i] += alpha;
    max_diagonal = std::max(max_diagonal, system[i * n + i]);
  }
  // Right-hand sides stored (O, I) row-major = (I, O) column-major, which is where LAPACK writes
  // the solution Wᵀ column by column: the result lands directly in W's (O, I) layout.
  RidgeModel model{n, m, std::vector<double>(m * n), std::vector<double>(m, 0.0)};
  for (int64_t o = 0; o < m; ++o)
    for (int64_t i = 0; i < n; ++i)
      model.weights[o * n + i] = cross_[i * m + o] - centre * sum_x_[i] * sum_y_[o];

  const char uplo = 'L';
  const int size = static_cast<int>(n), rhs = static_cast<int>(m);
  int info = 0;
  dpotrf_(&uplo, &size, system.data(), &size, &info, 1);
  double min_pivot = std::numeric_limits<double>::infinity();
  if (info == 0)
    for (int64_t i = 0; i < n; ++i) min_pivot = std::min(min_pivot, system[i * n + i]);
  require(info == 0 && min_pivot * min_pivot >
                           std::numeric_limits<double>::epsilon() * max_diagonal,
          "ridge: normal equations singular to working precision (" + std::to_string(n) +
              " features, " + std::to_string(rows_) + " rows, alpha " + std::to_string(alpha) +
              "); raise alpha or remove collinear features");
  dpotrs_(&uplo, &size, &rhs, system.data(), &size, model.weights.data(), &size, &info, 1);
  require(info == 0, "ridge: LAPACK dpotrs failed with info " + std::to_string(info));

  if (fit_bias_) {
    // b = ȳ − W x̄, with x̄ = shift + Σ(shifted x)/N.
    for (int64_t o = 0; o < m; ++o) {
      double b = shift_y_[o] + sum_y_[o] / count;
      for (int64_t i = 0; i < n; ++i)
        b -= model.weights[o * n + i] * (shift_x_[i] + sum_x_[i] / count);
      model.bias[o] = b;
    }
  }
  return model;
}

RidgeModel fit_ridge(const double* x, const double* y, int64_t rows, int64_t inputs,
                     int64_t outputs, double alpha, bool fit_bias) {
  RidgeAccumulator accumulator(inputs, outputs, fit_bias);
  accumulator.add(x, y, rows);
  return accumulator.solve(alpha);
}

std::vector<double> r2_scores(const double* truth, const double* prediction, int64_t rows,
                              int64_t columns) {
  require(rows > 0 && columns > 0, "r2: need at least one row and one column");
  std::vector<double> scores(columns);
  for (int64_t c = 0; c < columns; ++c) {
    double mean = 0.0;
    for (int64_t r = 0; r < rows; ++r) mean += truth[r * columns + c];
    mean /= static_cast<double>(rows);
    double residual = 0.0, total = 0.0;
    for (int64_t r = 0; r < rows; ++r) {
      const double y = truth[r * columns + c];
      residual += (y - prediction[r * columns + c]) * (y - prediction[r * columns + c]);
      total += (y - mean) * (y - mean);
    }
    if (total == 0.0)
      scores[c] = residual == 0.0 ? 1.0 : 0.0;
    else
      scores[c] = 1.0 - residual / total;
  }
  return scores;
}

}  // namespace flujo::analysis
