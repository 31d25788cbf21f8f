#include "analysis/knn.hpp"

#include <algorithm>
#include <cassert>
#include <cstdlib>

namespace flujo::analysis {
namespace {

// Queries per block (their distance rows are held at once) and reference rows per cache tile.
constexpr int64_t kQueryBlock = 64;
constexpr int64_t kTileRows = 128;

double squared_distance(const double* a, const double* b, int64_t dims) {
  double sum = 0.0;
  for (int64_t d = 0; d < dims; ++d) {
    const double diff = a[d] - b[d];
    sum += diff * diff;
  }
  return sum;
}

bool excluded(int64_t i, int64_t j, int64_t exclude_within) {
  return std::llabs(i - j) <= exclude_within;
}

}  // namespace

void squared_distances(const double* points, int64_t rows, int64_t dims, int64_t q0, int64_t q1,
                       double* out) {
  // The tile is transposed to (D, tile rows) so that the innermost loop runs over reference rows
  // and vectorises, while each distance still sums its coordinates in order 0..D−1.
  std::vector<double> tile(dims * kTileRows);
  for (int64_t r0 = 0; r0 < rows; r0 += kTileRows) {
    const int64_t width = std::min(rows, r0 + kTileRows) - r0;
    for (int64_t r = 0; r < width; ++r)
      for (int64_t d = 0; d < dims; ++d) tile[d * kTileRows + r] = points[(r0 + r) * dims + d];
    for (int64_t q = q0; q < q1; ++q) {
      const double* query = points + q * dims;
      double* row = out + (q - q0) * rows + r0;
      std::fill(row, row + width, 0.0);
      for (int64_t d = 0; d < dims; ++d) {
        const double* column = tile.data() + d * kTileRows;
        const double value = query[d];
        for (int64_t r = 0; r < width; ++r) {
          const double diff = value - column[r];
          row[r] += diff * diff;
        }
      }
    }
  }
}

std::vector<int64_t> nearest_neighbours(const double* points, int64_t rows, int64_t dims,
                                        int64_t k, int64_t exclude_within) {
  assert(k >= 1 && k <= rows - 1 - 2 * exclude_within);
  std::vector<int64_t> neighbours(rows * k);
  std::vector<double> distances(kQueryBlock * rows);
  std::vector<double> best(k);  // distances of the current k nearest, ascending
  for (int64_t q0 = 0; q0 < rows; q0 += kQueryBlock) {
    const int64_t q1 = std::min(rows, q0 + kQueryBlock);
    squared_distances(points, rows, dims, q0, q1, distances.data());
    for (int64_t q = q0; q < q1; ++q) {
      const double* row = distances.data() + (q - q0) * rows;
      int64_t* nearest = neighbours.data() + q * k;
      // Insertion into the sorted k best while scanning j upwards: a later row with an equal
      // distance never displaces an earlier one, which is the tie-break by lower index.
      int64_t found = 0;
      for (int64_t j = 0; j < rows; ++j) {
        const double d = row[j];
        if (excluded(q, j, exclude_within) || (found == k && d >= best[k - 1])) continue;
        int64_t slot = found < k ? found++ : k - 1;
        for (; slot > 0 && best[slot - 1] > d; --slot) {
          best[slot] = best[slot - 1];
          nearest[slot] = nearest[slot - 1];
        }
        best[slot] = d;
        nearest[slot] = j;
      }
    }
  }
  return neighbours;
}

std::vector<int64_t> nearest_neighbours_reference(const double* points, int64_t rows,
                                                  int64_t dims, int64_t k,
                                                  int64_t exclude_within) {
  std::vector<int64_t> neighbours;
  neighbours.reserve(rows * k);
  for (int64_t i = 0; i < rows; ++i) {
    std::vector<double> row(rows);
    for (int64_t j = 0; j < rows; ++j)
      row[j] = squared_distance(points + i * dims, points + j * dims, dims);
    std::vector<int64_t> order;
    for (int64_t j = 0; j < rows; ++j)
      if (!excluded(i, j, exclude_within)) order.push_back(j);
    std::stable_sort(order.begin(), order.end(),
                     [&row](int64_t a, int64_t b) { return row[a] < row[b]; });
    neighbours.insert(neighbours.end(), order.begin(), order.begin() + k);
  }
  return neighbours;
}

}  // namespace flujo::analysis
