#pragma once
// Exact k-nearest neighbours of the rows of a point cloud (N, D) in Euclidean distance, shared by
// the neighbourhood metrics and false nearest neighbours. Distances are squared differences summed
// directly (not |x|² + |y|² − 2x·y, whose cancellation would reorder close neighbours). Ties are
// broken by the lower row index, so results are deterministic.
#include <cstdint>
#include <vector>

namespace flujo::analysis {

// Squared distances from each query row q0..q1−1 to every row: out is (q1 − q0, N) row-major.
// Computed in tiles of rows so that a tile stays in cache while the queries pass over it.
void squared_distances(const double* points, int64_t rows, int64_t dims, int64_t q0, int64_t q1,
                       double* out);

// (N, k) row indices of each row's k nearest rows, nearest first. Rows j with |i − j| ≤
// exclude_within are never neighbours of row i (0: only the row itself; larger: a Theiler window
// for rows that are consecutive in time). Requires k ≤ the rows left after the exclusion.
std::vector<int64_t> nearest_neighbours(const double* points, int64_t rows, int64_t dims,
                                        int64_t k, int64_t exclude_within = 0);

// Plain reference of nearest_neighbours: one full sort per row, for the test of the fast version.
std::vector<int64_t> nearest_neighbours_reference(const double* points, int64_t rows,
                                                  int64_t dims, int64_t k,
                                                  int64_t exclude_within = 0);

}  // namespace flujo::analysis
