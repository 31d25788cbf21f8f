// Trustworthiness and continuity (Venna & Kaski 2001), computed as scikit-learn's
// sklearn.manifold.trustworthiness does, and the false-neighbour rate of a map.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/knn.hpp"
#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

// Rows whose distance rows in the rank space are computed at once.
constexpr int64_t kRowBlock = 64;

void check_clouds(const char* metric, const double* original, int64_t original_dims,
                  const double* embedded, int64_t embedded_dims, int64_t rows) {
  const std::string name = metric;
  require(original_dims >= 1 && embedded_dims >= 1,
          name + ": dimensions must be positive, got " + std::to_string(original_dims) +
              " and " + std::to_string(embedded_dims));
  for (int64_t v = 0; v < rows * original_dims; ++v)
    require(std::isfinite(original[v]),
            name + ": non-finite value in the original space at row " +
                std::to_string(v / original_dims));
  for (int64_t v = 0; v < rows * embedded_dims; ++v)
    require(std::isfinite(embedded[v]),
            name + ": non-finite value in the representation at row " +
                std::to_string(v / embedded_dims));
}

// 1 − 2 / (N k (2N − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k): U_k(i) are the k nearest
// neighbours of i in `neighbour_space` and r(i, j) ≥ 1 is the rank of j among the neighbours of i
// in `rank_space` (ties by lower index); only ranks beyond k are penalised. Trustworthiness takes
// neighbours in the representation and ranks in the original space; continuity the reverse.
double rank_score(const char* metric, const double* rank_space, int64_t rank_dims,
                  const double* neighbour_space, int64_t neighbour_dims, int64_t rows,
                  int64_t k) {
  require(k >= 1 && 2 * k < rows, std::string(metric) + ": k = " + std::to_string(k) +
                                      " must be at least 1 and below half the rows (" +
                                      std::to_string(rows) + ")");
  const std::vector<int64_t> neighbours =
      nearest_neighbours(neighbour_space, rows, neighbour_dims, k);
  std::vector<double> distances(kRowBlock * rows);
  double penalty = 0.0;
  for (int64_t i0 = 0; i0 < rows; i0 += kRowBlock) {
    const int64_t i1 = std::min(rows, i0 + kRowBlock);
    squared_distances(rank_space, rows, rank_dims, i0, i1, distances.data());
    for (int64_t i = i0; i < i1; ++i) {
      double* row = distances.data() + (i - i0) * rows;
      row[i] = std::numeric_limits<double>::infinity();  // a point is not its own neighbour
      for (int64_t n = 0; n < k; ++n) {
        const int64_t j = neighbours[i * k + n];
        const double dj = row[j];
        // rank = 1 + #closer rows + #equally close rows of lower index (two branch-free counts)
        int64_t closer = 0, tied_before = 0;
        for (int64_t l = 0; l < rows; ++l) closer += row[l] < dj;
        for (int64_t l = 0; l < j; ++l) tied_before += row[l] == dj;
        const int64_t rank = 1 + closer + tied_before;
        if (rank > k) penalty += static_cast<double>(rank - k);
      }
    }
  }
  const double n = static_cast<double>(rows), kk = static_cast<double>(k);
  return 1.0 - penalty * 2.0 / (n * kk * (2.0 * n - 3.0 * kk - 1.0));
}

}  // namespace

double trustworthiness(const double* original, int64_t original_dims, const double* embedded,
                       int64_t embedded_dims, int64_t rows, int64_t k) {
  check_clouds("trustworthiness", original, original_dims, embedded, embedded_dims, rows);
  return rank_score("trustworthiness", original, original_dims, embedded, embedded_dims, rows, k);
}

double continuity(const double* original, int64_t original_dims, const double* embedded,
                  int64_t embedded_dims, int64_t rows, int64_t k) {
  check_clouds("continuity", original, original_dims, embedded, embedded_dims, rows);
  return rank_score("continuity", embedded, embedded_dims, original, original_dims, rows, k);
}

double false_neighbour_fraction(const double* original, int64_t original_dims,
                                const double* embedded, int64_t embedded_dims, int64_t rows,
                                int64_t k) {
  check_clouds("false_neighbour_fraction", original, original_dims, embedded, embedded_dims,
               rows);
  require(k >= 1 && k < rows, "false_neighbour_fraction: k = " + std::to_string(k) +
                                  " must be at least 1 and below the rows (" +
                                  std::to_string(rows) + ")");
  const std::vector<int64_t> true_neighbours =
      nearest_neighbours(original, rows, original_dims, k);
  const std::vector<int64_t> nearest = nearest_neighbours(embedded, rows, embedded_dims, 1);
  int64_t false_count = 0;
  for (int64_t i = 0; i < rows; ++i) {
    const auto first = true_neighbours.begin() + i * k;
    if (std::find(first, first + k, nearest[i]) == first + k) ++false_count;
  }
  return static_cast<double>(false_count) / static_cast<double>(rows);
}

}  // namespace flujo::analysis
