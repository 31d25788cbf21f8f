// Embeddings of a representation or a scalar series: principal components, the delay of the first
// minimum of mutual information, false nearest neighbours and the delay embedding itself.
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "analysis/knn.hpp"
#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"

// OpenBLAS ships LAPACK's symbols but Debian installs no LAPACKE header; the Fortran interface
// takes every argument by pointer, with hidden string lengths at the end.
extern "C" {
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda,
             double* w, double* work, const int* lwork, int* iwork, const int* liwork, int* info,
             size_t, size_t);
}

namespace flujo::analysis {
namespace {

// Kennel et al. (1992): a neighbour is false when the added coordinate moves it more than
// kDistanceRatio times its distance, or the new distance exceeds kAttractorRatio times the
// attractor size (the standard deviation of the series).
constexpr double kDistanceRatio = 10.0;
constexpr double kAttractorRatio = 2.0;
// Distances below this fraction of the attractor size count as zero: an exactly periodic signal
// repeats its states up to rounding, and the ratio of two rounding errors must not decide.
constexpr double kIdenticalFraction = 1e-9;
// embedding_dimension's sample size: the default max_points of false_nearest_neighbours.
constexpr int64_t kFnnMaxPoints = 4000;

void require_finite(const char* what, std::span<const double> values) {
  for (size_t t = 0; t < values.size(); ++t)
    require(std::isfinite(values[t]),
            std::string(what) + ": non-finite value at index " + std::to_string(t));
}

// Eigen-decomposition of the symmetric (n, n) matrix `a` (lower triangle read, column-major):
// eigenvalues ascending into w, eigenvectors into the columns of a.
void symmetric_eigen(std::vector<double>& a, std::vector<double>& w, int n) {
  const char jobz = 'V', uplo = 'L';
  int info = 0, lwork = -1, liwork = -1, iwork_size = 0;
  double work_size = 0.0;
  dsyevd_(&jobz, &uplo, &n, a.data(), &n, w.data(), &work_size, &lwork, &iwork_size, &liwork,
          &info, 1, 1);
  require(info == 0, "fit_pca: LAPACK dsyevd workspace query failed with info " +
                         std::to_string(info));
  lwork = static_cast<int>(work_size);
  liwork = iwork_size;
  std::vector<double> work(lwork);
  std::vector<int> iwork(liwork);
  dsyevd_(&jobz, &uplo, &n, a.data(), &n, w.data(), work.data(), &lwork, iwork.data(), &liwork,
          &info, 1, 1);
  require(info == 0, "fit_pca: LAPACK dsyevd failed with info " + std::to_string(info));
}

}  // namespace

Pca fit_pca(const double* x, int64_t rows, int64_t dims) {
  require(rows >= 2 && dims >= 1, "fit_pca: needs at least 2 rows and 1 dimension, got " +
                                      std::to_string(rows) + " x " + std::to_string(dims));
  require_finite("fit_pca", {x, static_cast<size_t>(rows * dims)});
  Pca pca;
  pca.dims = dims;
  pca.mean.assign(dims, 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t d = 0; d < dims; ++d) pca.mean[d] += x[r * dims + d];
  for (double& m : pca.mean) m /= static_cast<double>(rows);
  std::vector<double> centred(x, x + rows * dims);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t d = 0; d < dims; ++d) centred[r * dims + d] -= pca.mean[d];

  // Covariance with divisor N − 1; its row-major upper triangle is the column-major lower one.
  const auto n = static_cast<int>(dims);
  std::vector<double> covariance(dims * dims, 0.0);
  cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, static_cast<blasint>(rows),
              1.0 / static_cast<double>(rows - 1), centred.data(), n, 0.0, covariance.data(), n);
  std::vector<double> eigenvalues(dims);
  symmetric_eigen(covariance, eigenvalues, n);

  pca.components.resize(dims * dims);
  pca.explained_variance.resize(dims);
  for (int64_t axis = 0; axis < dims; ++axis) {
    const int64_t source = dims - 1 - axis;  // dsyevd sorts ascending
    const double* vector = covariance.data() + source * dims;
    // Fix the sign so that the entry of largest magnitude is positive (deterministic axes).
    const double* largest = std::max_element(
        vector, vector + dims, [](double a, double b) { return std::abs(a) < std::abs(b); });
    const double sign = *largest < 0.0 ? -1.0 : 1.0;
    for (int64_t d = 0; d < dims; ++d) pca.components[axis * dims + d] = sign * vector[d];
    pca.explained_variance[axis] = std::max(0.0, eigenvalues[source]);  // rounding can go < 0
  }
  double total = 0.0;
  for (double v : pca.explained_variance) total += v;
  require(total > 0.0, "fit_pca: the rows have zero variance (constant data)");
  pca.explained_ratio.resize(dims);
  for (int64_t axis = 0; axis < dims; ++axis)
    pca.explained_ratio[axis] = pca.explained_variance[axis] / total;
  return pca;
}

std::vector<double> Pca::transform(const double* x, int64_t rows, int64_t k) const {
  require(k >= 0 && k <= dims, "Pca::transform: k = " + std::to_string(k) +
                                   " must lie in [0, " + std::to_string(dims) + "]");
  require(rows >= 0, "Pca::transform: negative row count " + std::to_string(rows));
  std::vector<double> projected(rows * k, 0.0);
  if (rows == 0 || k == 0) return projected;
  std::vector<double> centred(x, x + rows * dims);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t d = 0; d < dims; ++d) centred[r * dims + d] -= mean[d];
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<blasint>(rows),
              static_cast<blasint>(k), static_cast<blasint>(dims), 1.0, centred.data(),
              static_cast<blasint>(dims), components.data(), static_cast<blasint>(dims), 0.0,
              projected.data(), static_cast<blasint>(k));
  return projected;
}

int64_t Pca::components_for(double fraction) const {
  require(fraction > 0.0 && fraction <= 1.0,
          "Pca::components_for: fraction " + std::to_string(fraction) + " must lie in (0, 1]");
  // The ratios sum to 1 only up to rounding; a fraction of exactly 1 must still be reachable.
  constexpr double kRoundingSlack = 1e-12;
  double cumulative = 0.0;
  for (int64_t axis = 0; axis < dims; ++axis) {
    cumulative += explained_ratio[axis];
    if (cumulative >= fraction - kRoundingSlack) return axis + 1;
  }
  return dims;
}

std::vector<double> mutual_information(std::span<const double> series, int64_t max_lag,
                                       int64_t bins) {
  const auto steps = static_cast<int64_t>(series.size());
  require(bins >= 2, "mutual_information: bins must be at least 2, got " + std::to_string(bins));
  require(max_lag >= 0 && max_lag <= steps - 2,
          "mutual_information: max_lag " + std::to_string(max_lag) +
              " needs a series of at least " + std::to_string(max_lag + 2) + " values, got " +
              std::to_string(steps));
  require_finite("mutual_information", series);
  const auto [low, high] = std::minmax_element(series.begin(), series.end());
  const double width = (*high - *low) / static_cast<double>(bins);
  std::vector<int64_t> bin(steps, 0);
  if (width > 0.0)
    for (int64_t t = 0; t < steps; ++t)
      bin[t] = std::min(bins - 1, static_cast<int64_t>((series[t] - *low) / width));

  std::vector<double> information(max_lag + 1);
  std::vector<int64_t> joint(bins * bins), first(bins), second(bins);
  for (int64_t lag = 0; lag <= max_lag; ++lag) {
    std::fill(joint.begin(), joint.end(), 0);
    std::fill(first.begin(), first.end(), 0);
    std::fill(second.begin(), second.end(), 0);
    const int64_t pairs = steps - lag;
    for (int64_t t = 0; t < pairs; ++t) {
      ++joint[bin[t] * bins + bin[t + lag]];
      ++first[bin[t]];
      ++second[bin[t + lag]];
    }
    const double n = static_cast<double>(pairs);
    double sum = 0.0;
    for (int64_t a = 0; a < bins; ++a)
      for (int64_t b = 0; b < bins; ++b) {
        const auto count = static_cast<double>(joint[a * bins + b]);
        if (count > 0.0)
          sum += count / n * std::log(count * n / (static_cast<double>(first[a]) * second[b]));
      }
    information[lag] = sum;
  }
  return information;
}

int64_t first_minimum_mutual_information(std::span<const double> series, int64_t max_lag,
                                         int64_t bins) {
  const std::vector<double> information = mutual_information(series, max_lag, bins);
  for (int64_t lag = 1; lag < max_lag; ++lag)
    if (information[lag] < information[lag - 1] && information[lag] <= information[lag + 1])
      return lag;
  return max_lag;
}

std::vector<double> delay_embed(std::span<const double> series, int64_t delay, int64_t dim) {
  const auto steps = static_cast<int64_t>(series.size());
  require(delay >= 1, "delay_embed: delay must be at least 1, got " + std::to_string(delay));
  require(dim >= 1, "delay_embed: dimension must be at least 1, got " + std::to_string(dim));
  const int64_t span = (dim - 1) * delay;
  require(steps > span, "delay_embed: a series of " + std::to_string(steps) +
                            " values is too short for dimension " + std::to_string(dim) +
                            " with delay " + std::to_string(delay));
  const int64_t rows = steps - span;
  std::vector<double> embedded(rows * dim);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < dim; ++c) embedded[r * dim + c] = series[span + r - c * delay];
  return embedded;
}

namespace {

// FNN fractions for dimensions 1, 2, … up to max_dim, stopping after the first one below
// `stop_below`; every dimension uses the same rows, so a stopped run agrees with a full one.
std::vector<double> fnn_fractions(std::span<const double> series, int64_t delay, int64_t max_dim,
                                  int64_t max_points, double stop_below) {
  require(delay >= 1, "false_nearest_neighbours: delay must be at least 1, got " +
                          std::to_string(delay));
  require(max_dim >= 1, "false_nearest_neighbours: max_dim must be at least 1, got " +
                            std::to_string(max_dim));
  require(max_points >= 2, "false_nearest_neighbours: max_points must be at least 2, got " +
                               std::to_string(max_points));
  require_finite("false_nearest_neighbours", series);
  // Dimension d is tested with coordinate d + 1, so embed once in max_dim + 1 dimensions and use
  // the same rows for every d.
  const int64_t width = max_dim + 1;
  const std::vector<double> embedded = delay_embed(series, delay, width);
  const auto embedded_rows = static_cast<int64_t>(embedded.size()) / width;
  const int64_t stride = (embedded_rows + max_points - 1) / max_points;
  const int64_t rows = (embedded_rows + stride - 1) / stride;
  // Theiler window: rows closer than `delay` steps in time are not neighbours (on a densely
  // sampled flow the next sample would always be the nearest, and a true one).
  const int64_t window = (delay - 1) / stride;
  require(rows - 1 - 2 * window >= 1,
          "false_nearest_neighbours: a series of " + std::to_string(series.size()) +
              " values is too short for dimension " + std::to_string(max_dim) + " with delay " +
              std::to_string(delay));

  double mean = 0.0, variance = 0.0;
  for (double v : series) mean += v;
  mean /= static_cast<double>(series.size());
  for (double v : series) variance += (v - mean) * (v - mean);
  variance /= static_cast<double>(series.size());  // attractor size R_A² (Kennel's)

  const double identical = kIdenticalFraction * kIdenticalFraction * variance;
  std::vector<double> fractions;
  std::vector<double> points;
  for (int64_t dim = 1; dim <= max_dim; ++dim) {
    points.resize(rows * dim);
    for (int64_t r = 0; r < rows; ++r)
      std::copy_n(embedded.begin() + r * stride * width, dim, points.begin() + r * dim);
    const std::vector<int64_t> nearest = nearest_neighbours(points.data(), rows, dim, 1, window);
    int64_t false_count = 0;
    for (int64_t r = 0; r < rows; ++r) {
      const double* a = embedded.data() + r * stride * width;
      const double* b = embedded.data() + nearest[r] * stride * width;
      double distance = 0.0;
      for (int64_t c = 0; c < dim; ++c) distance += (a[c] - b[c]) * (a[c] - b[c]);
      const double added = (a[dim] - b[dim]) * (a[dim] - b[dim]);
      if (added > kDistanceRatio * kDistanceRatio * std::max(distance, identical) ||
          distance + added > kAttractorRatio * kAttractorRatio * variance)
        ++false_count;
    }
    fractions.push_back(static_cast<double>(false_count) / static_cast<double>(rows));
    if (fractions.back() < stop_below) break;
  }
  return fractions;
}

}  // namespace

std::vector<double> false_nearest_neighbours(std::span<const double> series, int64_t delay,
                                             int64_t max_dim, int64_t max_points) {
  return fnn_fractions(series, delay, max_dim, max_points, -1.0);
}

int64_t embedding_dimension(std::span<const double> series, int64_t delay, int64_t max_dim,
                            double threshold) {
  const std::vector<double> fractions =
      fnn_fractions(series, delay, max_dim, kFnnMaxPoints, threshold);
  return fractions.back() < threshold ? static_cast<int64_t>(fractions.size()) : max_dim;
}

}  // namespace flujo::analysis
