// Levina–Bickel maximum-likelihood intrinsic dimension (contract in include/flujo/analysis/flow.hpp).
// At each point x with neighbour distances T_1 ≤ … ≤ T_k, the local estimate is
//   m_k(x) = [ (1/(k−1)) Σ_{j<k} log(T_k / T_j) ]^{-1};
// the inverses are averaged over points (MacKay & Ghahramani's correction to Levina–Bickel's mean of
// m_k: the mean of the inverses is the unbiased one, the mean of m_k overshoots on a few thousand
// points) and the resulting estimates averaged over k = k_min … k_max, as Levina & Bickel do.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {

double intrinsic_dimension(const double* points, int64_t rows, int64_t dims,
                           const IntrinsicDimensionOptions& options) {
  const std::string where = "intrinsic_dimension: ";
  require(options.k_min >= 2 && options.k_max >= options.k_min,
          where + "need 2 <= k_min <= k_max, got " + std::to_string(options.k_min) + " and " +
              std::to_string(options.k_max));
  require(options.theiler_window >= 0, where + "theiler_window must be non-negative");
  require(dims >= 1 && options.max_points >= 2, where + "need at least 1 column and max_points >= 2");
  for (int64_t i = 0; i < rows * dims; ++i)
    require(std::isfinite(points[i]), where + "non-finite value at index " + std::to_string(i));

  // Evenly spaced rows; the Theiler window counts original rows (time steps), as the correlation
  // dimension's does: neighbours along one stretch of a trajectory would make any flow look 1-D.
  const int64_t count = std::min(rows, options.max_points);
  std::vector<int64_t> index(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) index[i] = i * rows / count;
  const auto k_max = static_cast<size_t>(options.k_max);
  std::vector<double> inverse_sum(k_max + 1, 0.0);  // Σ over points of 1/m_k(x), for each k
  int64_t used = 0;
  std::vector<double> distances;
  distances.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    distances.clear();
    const double* a = points + index[i] * dims;
    for (int64_t j = 0; j < count; ++j) {
      if (std::abs(index[j] - index[i]) <= options.theiler_window) continue;
      const double* b = points + index[j] * dims;
      double squared = 0;
      for (int64_t d = 0; d < dims; ++d) squared += (a[d] - b[d]) * (a[d] - b[d]);
      distances.push_back(squared);
    }
    if (distances.size() < k_max) continue;
    std::partial_sort(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(k_max), distances.end());
    if (distances[0] <= 0) continue;  // a duplicate point: log(T_k / 0) has no finite value
    ++used;
    // log T_j = ½ log T_j²; the running sum of logs gives every k in one pass.
    double log_sum = 0;
    for (size_t k = 1; k <= k_max; ++k) {
      const double log_tk = 0.5 * std::log(distances[k - 1]);
      if (k >= 2) inverse_sum[k] += (log_tk * static_cast<double>(k - 1) - log_sum) / static_cast<double>(k - 1);
      log_sum += log_tk;
    }
  }
  if (used == 0) return std::numeric_limits<double>::quiet_NaN();
  double estimate = 0;
  for (int64_t k = options.k_min; k <= options.k_max; ++k) {
    const double mean_inverse = inverse_sum[static_cast<size_t>(k)] / static_cast<double>(used);
    if (!(mean_inverse > 0)) return std::numeric_limits<double>::quiet_NaN();
    estimate += 1.0 / mean_inverse;
  }
  return estimate / static_cast<double>(options.k_max - options.k_min + 1);
}

}  // namespace flujo::analysis
