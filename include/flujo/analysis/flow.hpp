#pragma once
// Flow metrics: how well a representation (hidden states, their PCA, an input window, a delay
// embedding) maps the true state of the system, and how well a free-running model reproduces the
// invariants of the attractor. Everything in double. Point clouds are (N, D) row-major.
//
//   auto pca = flujo::analysis::fit_pca(hidden.data(), n, 40);           // explained variance
//   double tw = flujo::analysis::trustworthiness(truth.data(), 3, hidden.data(), 40, n, 10);
//   double d = flujo::analysis::correlation_dimension(points.data(), n, 3, {});
#include <cstdint>
#include <span>
#include <vector>

namespace flujo::analysis {

// ------------------------------------------------------------------------------ Embeddings
// (embeddings.cpp)

struct Pca {
  int64_t dims = 0;                         // D
  std::vector<double> mean;                 // (D)
  std::vector<double> components;           // (D, D) rows = principal axes, by variance
  std::vector<double> explained_variance;   // (D) descending
  std::vector<double> explained_ratio;      // (D) fractions summing to 1
  // Projection of x (rows, D) onto the first k axes → (rows, k).
  std::vector<double> transform(const double* x, int64_t rows, int64_t k) const;
  // Smallest number of axes whose explained ratio reaches `fraction` (e.g. 0.99).
  int64_t components_for(double fraction) const;
};
Pca fit_pca(const double* x, int64_t rows, int64_t dims);

// Average mutual information I(x_t; x_{t+τ}) in nats for τ = 0..max_lag with `bins` equal-width
// bins.
std::vector<double> mutual_information(std::span<const double> series, int64_t max_lag, int64_t bins = 32);
// The first local minimum of mutual_information (Fraser & Swinney); max_lag if none.
int64_t first_minimum_mutual_information(std::span<const double> series, int64_t max_lag = 100,
                                         int64_t bins = 32);
// False nearest neighbours (Kennel et al., ratio threshold 10 and the attractor-size test 2):
// fraction of false neighbours for each dimension 1..max_dim. Rows closer than `delay` steps in
// time are not neighbours (Theiler window); over max_points rows, evenly spaced rows are used.
std::vector<double> false_nearest_neighbours(std::span<const double> series, int64_t delay, int64_t max_dim,
                                             int64_t max_points = 4000);
// The first dimension whose FNN fraction falls below `threshold`; max_dim if none. The default is
// 5%: with a few thousand points even a noise-free attractor keeps a few percent of false
// neighbours at every dimension (Lorenz x: 99%, 14%, 4.8%, 3.2%, 2.3% for dimensions 1–5).
int64_t embedding_dimension(std::span<const double> series, int64_t delay, int64_t max_dim = 10,
                            double threshold = 0.05);
// Rows t = (dim−1)·delay … T−1 of [x_t, x_{t−τ}, …, x_{t−(dim−1)τ}] → (T − (dim−1)·delay, dim).
std::vector<double> delay_embed(std::span<const double> series, int64_t delay, int64_t dim);

// ------------------------------------------------------------------ Neighbourhoods
// (neighbourhoods.cpp). Exact k-nearest neighbours in Euclidean distance; the ranks are those of
// Venna & Kaski (ties broken by the lower row index). Inputs: the original space (the true state)
// and the representation, same rows.

// Trustworthiness: are the representation's neighbours true neighbours? 1 is perfect.
double trustworthiness(const double* original, int64_t original_dims, const double* embedded,
                       int64_t embedded_dims, int64_t rows, int64_t k = 10);
// Continuity: are true neighbours kept as neighbours in the representation? 1 is perfect.
double continuity(const double* original, int64_t original_dims, const double* embedded,
                  int64_t embedded_dims, int64_t rows, int64_t k = 10);
// Fraction of points whose nearest neighbour in the representation is not among their k nearest
// neighbours in the original space (k = 10 by default): the false-neighbour rate of the map.
double false_neighbour_fraction(const double* original, int64_t original_dims, const double* embedded,
                                int64_t embedded_dims, int64_t rows, int64_t k = 10);

// -------------------------------------------------------------------- Invariants
// (invariants.cpp)

// The defaults, checked against the literature (Lorenz D2 = 2.05 ± 0.01, Grassberger & Procaccia
// 1983) on 200 time units at dt 0.01, the length `flujo analyze` measures: 2.05–2.07 over seeds.
// The scaling region, where C(r) lies in [0.005, 0.05], is r ≈ 3–9% of the attractor's diameter;
// a region lower down (C in [1e-4, 1e-2]) reads 2.06–2.19 from seed to seed on so short a
// trajectory (too few passes of the orbit fill the small scales); its local slopes settle at
// 2.06–2.08 only over 1000 time units. 10000 points instead of 3000, or a Theiler window of 100
// rows instead of 10, move the estimate by < 0.01.
struct CorrelationDimensionOptions {
  int64_t max_points = 3000;       // subsample (evenly spaced rows)
  int64_t theiler_window = 10;     // pairs closer than this many rows in time are excluded (Theiler
                                   // 1986: at least a decorrelation time; pairs along one stretch
                                   // of a trajectory make a curve look 1-D)
  double low_quantile = 0.005;     // scaling region: radii between these quantiles of the pair
  double high_quantile = 0.05;     // distances, i.e. where C(r) lies between them
};
// Grassberger–Procaccia: slope of log C(r) against log r over the scaling region.
double correlation_dimension(const double* points, int64_t rows, int64_t dims,
                             const CorrelationDimensionOptions& options);

// Levina–Bickel maximum-likelihood intrinsic dimension (intrinsic_dimension.cpp), as Chen et al.
// (2022) estimate the number of state variables a pendulum movie's latent holds: the local
// dimension from the growth of each point's k nearest-neighbour distances, averaged over points
// (MacKay–Ghahramani) and over k = k_min … k_max. Pairs closer than the Theiler window in time are
// not neighbours. NaN when no point has k_max distinct neighbours. On 2000 points of a circle, a
// square and a cube embedded in 8-D it reads 1.0 ± 0.05, 2.0 ± 0.1 and 3.0 ± 0.2; on 3000 samples
// of Lorenz-63 at dt 0.05, 2.03 (tests/analysis).
struct IntrinsicDimensionOptions {
  int64_t k_min = 10, k_max = 20;  // Levina & Bickel's range
  int64_t max_points = 3000;       // evenly spaced rows
  int64_t theiler_window = 10;     // as the correlation dimension's
};
double intrinsic_dimension(const double* points, int64_t rows, int64_t dims,
                           const IntrinsicDimensionOptions& options);

// State-space divergence D_stsp: KL(p_true || p_generated) between histograms with `bins` bins per
// axis of 3-D delay embeddings (x_t, x_{t−τ}, x_{t−2τ}) of two scalar series, over the true
// series' range (±10% margin), with Laplace smoothing (add one to every bin).
double state_space_divergence(std::span<const double> truth, std::span<const double> generated,
                              int64_t delay, int64_t bins = 30);

// Power-spectrum Hellinger distance D_H: power spectra of the standardised series (mean of
// windowed FFTs), each smoothed by a Gaussian of σ = `smoothing` frequency bins and normalised
// to sum 1; D_H = sqrt(1 − Σ sqrt(p q)). 0 is identical, 1 disjoint.
double power_spectrum_hellinger(std::span<const double> truth, std::span<const double> generated,
                                double smoothing = 20.0);

// ------------------------------------------------------------------ Topology
// (topology.cpp, GUDHI)

struct PersistencePair {
  int dimension = 0;  // 0: components, 1: loops
  double birth = 0.0;
  double death = 0.0;  // +infinity for the essential class
};
struct PersistenceOptions {
  int64_t max_points = 600;   // farthest-point subsample (keeps thin loops visible)
  int max_dimension = 1;      // H0 and H1
  double max_edge = 0.0;      // 0 → no limit (Rips filtration)
};
// Persistence diagram of the point cloud standardised per axis (zero mean, unit variance):
// Vietoris–Rips complex through GUDHI (edge-collapsed, Z/2 coefficients). Sorted by dimension,
// then lifetime descending. About 1–2 s at 600 points without an edge limit.
std::vector<PersistencePair> persistence_diagram(const double* points, int64_t rows, int64_t dims,
                                                 const PersistenceOptions& options);
// Bottleneck distance between the diagrams' pairs of one dimension (GUDHI), essential classes
// excluded.
double bottleneck_distance(const std::vector<PersistencePair>& a, const std::vector<PersistencePair>& b,
                           int dimension);
// Bars of a dimension whose lifetime exceeds `fraction` of the longest finite bar of that
// dimension and lies clearly apart from the rest: the count of dominant loops (two for Lorenz).
// Precisely: with finite lifetimes l1 ≥ l2 ≥ … ≥ ln and l(n+1) = 0, the largest k with
// lk ≥ fraction·l1 and lk ≥ 1.5·l(k+1) (a clear drop after bar k); 0 when there is no such k
// (no finite bar, or lifetimes that decline without a clear drop: no dominant loop). The default
// is 0.25 because the two Lorenz holes differ by up to 2.5× from sample to sample.
int64_t dominant_bars(const std::vector<PersistencePair>& diagram, int dimension, double fraction = 0.25);

}  // namespace flujo::analysis
