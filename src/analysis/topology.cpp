// Dense adjacency tables in GUDHI's edge collapser: faster for the complete graphs of a Rips
// filtration without an edge limit (a 600 × 600 table is small).
#define GUDHI_COLLAPSE_USE_DENSE_ARRAY
#include <gudhi/Bottleneck.h>
#include <gudhi/Flag_complex_edge_collapser.h>
#include <gudhi/Persistent_cohomology.h>
#include <gudhi/Simplex_tree.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

using SimplexTree = Gudhi::Simplex_tree<Gudhi::Simplex_tree_options_fast_persistence>;
using Cohomology =
    Gudhi::persistent_cohomology::Persistent_cohomology<SimplexTree,
                                                        Gudhi::persistent_cohomology::Field_Zp>;

// Zero mean and unit variance per axis; a constant axis is only centred.
std::vector<double> standardise(const double* points, int64_t rows, int64_t dims) {
  std::vector<double> out(points, points + rows * dims);
  for (int64_t d = 0; d < dims; ++d) {
    double mean = 0, variance = 0;
    for (int64_t r = 0; r < rows; ++r) mean += out[r * dims + d] / static_cast<double>(rows);
    for (int64_t r = 0; r < rows; ++r) {
      const double centred = out[r * dims + d] - mean;
      variance += centred * centred / static_cast<double>(rows);
    }
    const double scale = variance > 0 ? 1.0 / std::sqrt(variance) : 1.0;
    for (int64_t r = 0; r < rows; ++r) out[r * dims + d] = (out[r * dims + d] - mean) * scale;
  }
  return out;
}

double distance(const double* a, const double* b, int64_t dims) {
  double squared = 0;
  for (int64_t d = 0; d < dims; ++d) squared += (a[d] - b[d]) * (a[d] - b[d]);
  return std::sqrt(squared);
}

// Greedy farthest-point sample from row 0: each pick is the row farthest from those picked
// (lowest index on ties), so thin parts of the cloud, which carry the loops, stay covered.
std::vector<int64_t> farthest_point_sample(const std::vector<double>& x, int64_t rows,
                                           int64_t dims, int64_t count) {
  std::vector<int64_t> picked{0};
  std::vector<double> nearest(rows, std::numeric_limits<double>::infinity());
  while (static_cast<int64_t>(picked.size()) < count) {
    const double* last = x.data() + picked.back() * dims;
    int64_t farthest = 0;
    for (int64_t r = 0; r < rows; ++r) {
      nearest[r] = std::min(nearest[r], distance(x.data() + r * dims, last, dims));
      if (nearest[r] > nearest[farthest]) farthest = r;
    }
    picked.push_back(farthest);
  }
  return picked;
}

}  // namespace

std::vector<PersistencePair> persistence_diagram(const double* points, int64_t rows, int64_t dims,
                                                 const PersistenceOptions& options) {
  const std::string where = "persistence_diagram: ";
  require(rows >= 2 && dims >= 1, where + "need at least 2 rows and 1 column, got " +
                                      std::to_string(rows) + " x " + std::to_string(dims));
  require(options.max_points >= 2, where + "max_points must be at least 2");
  require(options.max_dimension >= 0 && options.max_dimension <= 2,
          where + "max_dimension must be 0, 1 or 2, got " + std::to_string(options.max_dimension));
  require(options.max_edge >= 0 && std::isfinite(options.max_edge),
          where + "max_edge must be finite and non-negative");
  for (int64_t k = 0; k < rows * dims; ++k)
    require(std::isfinite(points[k]),
            where + "non-finite value at row " + std::to_string(k / dims));

  const std::vector<double> x = standardise(points, rows, dims);
  const std::vector<int64_t> sample =
      farthest_point_sample(x, rows, dims, std::min(rows, options.max_points));
  const auto count = static_cast<int>(sample.size());
  const double limit =
      options.max_edge > 0 ? options.max_edge : std::numeric_limits<double>::infinity();
  std::vector<std::tuple<int, int, double>> edges;
  for (int i = 0; i < count; ++i)
    for (int j = i + 1; j < count; ++j) {
      const double length =
          distance(x.data() + sample[i] * dims, x.data() + sample[j] * dims, dims);
      if (length <= limit) edges.emplace_back(i, j, length);
    }

  // The edge collapse (Boissonnat–Pritam) removes edges without changing the persistence of the
  // flag filtration; it turns the ~n²/2 Rips edges into a few per vertex, so the expansion to
  // triangles stays small.
  SimplexTree tree;
  std::vector<int> vertices(count);
  for (int i = 0; i < count; ++i) vertices[i] = i;
  tree.insert_batch_vertices(vertices, 0.0);
  for (const auto& [u, v, length] : Gudhi::collapse::flag_complex_collapse_edges(edges))
    tree.insert_simplex_and_subfaces(std::vector<int>{u, v}, length);
  tree.expansion(options.max_dimension + 1);
  Cohomology cohomology(tree);
  cohomology.init_coefficients(2);
  cohomology.compute_persistent_cohomology(0.0);

  std::vector<PersistencePair> diagram;
  for (int dimension = 0; dimension <= options.max_dimension; ++dimension)
    for (const auto& [birth, death] : cohomology.intervals_in_dimension(dimension))
      diagram.push_back({dimension, birth, death});
  std::stable_sort(diagram.begin(), diagram.end(), [](const auto& a, const auto& b) {
    if (a.dimension != b.dimension) return a.dimension < b.dimension;
    return a.death - a.birth > b.death - b.birth;
  });
  return diagram;
}

double bottleneck_distance(const std::vector<PersistencePair>& a,
                           const std::vector<PersistencePair>& b, int dimension) {
  const auto finite_pairs = [dimension](const std::vector<PersistencePair>& diagram) {
    std::vector<std::pair<double, double>> pairs;
    for (const PersistencePair& p : diagram)
      if (p.dimension == dimension && std::isfinite(p.death)) pairs.emplace_back(p.birth, p.death);
    return pairs;
  };
  // e = 0: the exact distance, not GUDHI's approximation.
  return Gudhi::persistence_diagram::bottleneck_distance(finite_pairs(a), finite_pairs(b), 0.0);
}

int64_t dominant_bars(const std::vector<PersistencePair>& diagram, int dimension, double fraction) {
  require(fraction > 0 && fraction <= 1,
          "dominant_bars: fraction must be in (0, 1], got " + std::to_string(fraction));
  // Among the top bars of a Rips diagram, sampling noise changes lifetimes by at most ~1.3× from
  // one bar to the next (Lorenz, 600 points); a real loop stands ≥ 1.6× above the next bar.
  constexpr double kApart = 1.5;
  std::vector<double> lifetimes;
  for (const PersistencePair& p : diagram)
    if (p.dimension == dimension && std::isfinite(p.death)) lifetimes.push_back(p.death - p.birth);
  std::sort(lifetimes.begin(), lifetimes.end(), std::greater<>());
  lifetimes.push_back(0.0);
  int64_t dominant = 0;
  for (size_t k = 0; k + 1 < lifetimes.size() && lifetimes[k] >= fraction * lifetimes[0]; ++k)
    if (lifetimes[k] >= kApart * lifetimes[k + 1]) dominant = static_cast<int64_t>(k) + 1;
  return dominant;
}

}  // namespace flujo::analysis
