// The k-nearest-neighbour readout (contract in include/flujo/analysis.hpp): a nonparametric
// decoder that is high only when the representation keeps distinct states apart, where a linear
// readout would also ask the states to lie on a flat image of the truth.
#include <algorithm>
#include <utility>
#include <vector>

#include "flujo/analysis.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {

std::vector<double> knn_regression(const double* fit, const double* targets, int64_t fit_rows,
                                   int64_t dims, int64_t target_dims, const double* queries,
                                   int64_t query_rows, int64_t k) {
  require(k >= 1 && k <= fit_rows, "knn_regression: k must be 1 to the " +
                                       std::to_string(fit_rows) + " fitting rows, got " +
                                       std::to_string(k));
  std::vector<double> predicted(static_cast<size_t>(query_rows * target_dims), 0.0);
  std::vector<std::pair<double, int64_t>> distances(static_cast<size_t>(fit_rows));
  for (int64_t q = 0; q < query_rows; ++q) {
    const double* query = queries + q * dims;
    for (int64_t j = 0; j < fit_rows; ++j) {
      double sum = 0.0;
      for (int64_t d = 0; d < dims; ++d) {
        const double diff = query[d] - fit[j * dims + d];
        sum += diff * diff;
      }
      distances[j] = {sum, j};  // pairs order equal distances by the lower row
    }
    std::nth_element(distances.begin(), distances.begin() + (k - 1), distances.end());
    double* out = predicted.data() + q * target_dims;
    for (int64_t n = 0; n < k; ++n)
      for (int64_t c = 0; c < target_dims; ++c) out[c] += targets[distances[n].second * target_dims + c];
    for (int64_t c = 0; c < target_dims; ++c) out[c] /= static_cast<double>(k);
  }
  return predicted;
}

}  // namespace flujo::analysis
