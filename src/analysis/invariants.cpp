#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/core/error.hpp"

namespace flujo::analysis {
namespace {

void require_finite(std::span<const double> values, const std::string& what) {
  for (size_t i = 0; i < values.size(); ++i)
    require(std::isfinite(values[i]), what + ": non-finite value at index " + std::to_string(i));
}

// Least-squares slope of y against x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < x.size(); ++i) mean_x += x[i] / n, mean_y += y[i] / n;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
  }
  return sxy / sxx;
}

// In-place iterative radix-2 Cooley–Tukey FFT; data.size() is a power of two.
void fft(std::vector<std::complex<double>>& data) {
  const size_t n = data.size();
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  for (size_t length = 2; length <= n; length <<= 1) {
    const double angle = -2.0 * std::numbers::pi / static_cast<double>(length);
    const std::complex<double> step(std::cos(angle), std::sin(angle));
    for (size_t start = 0; start < n; start += length) {
      std::complex<double> twiddle(1.0, 0.0);
      for (size_t k = 0; k < length / 2; ++k) {
        const std::complex<double> even = data[start + k];
        const std::complex<double> odd = data[start + k + length / 2] * twiddle;
        data[start + k] = even + odd;
        data[start + k + length / 2] = even - odd;
        twiddle *= step;
      }
    }
  }
}

// Welch estimate: Hann-windowed segments of `segment` samples overlapping by half, periodograms
// averaged over bins 0..segment/2, of the series standardised to zero mean and unit variance.
std::vector<double> welch_spectrum(std::span<const double> series, size_t segment) {
  const double n = static_cast<double>(series.size());
  double mean = 0, variance = 0;
  for (double v : series) mean += v / n;
  for (double v : series) variance += (v - mean) * (v - mean) / n;
  const double scale = variance > 0 ? 1.0 / std::sqrt(variance) : 1.0;
  std::vector<double> window(segment), power(segment / 2 + 1, 0.0);
  for (size_t i = 0; i < segment; ++i)
    window[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                     static_cast<double>(segment));
  std::vector<std::complex<double>> buffer(segment);
  for (size_t start = 0; start + segment <= series.size(); start += segment / 2) {
    for (size_t i = 0; i < segment; ++i)
      buffer[i] = {(series[start + i] - mean) * scale * window[i], 0.0};
    fft(buffer);
    for (size_t k = 0; k < power.size(); ++k) power[k] += std::norm(buffer[k]);
  }
  return power;
}

// Gaussian smoothing over bins (kernel cut at 4σ and renormalised at the edges), then
// normalisation to a distribution.
std::vector<double> smooth_and_normalise(const std::vector<double>& power, double sigma) {
  const auto bins = static_cast<int64_t>(power.size());
  const auto reach = static_cast<int64_t>(std::ceil(4.0 * sigma));
  std::vector<double> smoothed(power.size(), 0.0);
  double total = 0;
  for (int64_t k = 0; k < bins; ++k) {
    double sum = 0, weights = 0;
    for (int64_t j = std::max<int64_t>(0, k - reach); j <= std::min(bins - 1, k + reach); ++j) {
      const double w = std::exp(-0.5 * static_cast<double>((j - k) * (j - k)) / (sigma * sigma));
      sum += w * power[j];
      weights += w;
    }
    smoothed[k] = sum / weights;
    total += smoothed[k];
  }
  for (double& p : smoothed) p = total > 0 ? p / total : 1.0 / static_cast<double>(bins);
  return smoothed;
}

}  // namespace

double correlation_dimension(const double* points, int64_t rows, int64_t dims,
                             const CorrelationDimensionOptions& options) {
  const std::string where = "correlation_dimension: ";
  require(rows >= 2 && dims >= 1, where + "need at least 2 rows and 1 column, got " +
                                      std::to_string(rows) + " x " + std::to_string(dims));
  require(options.max_points >= 2, where + "max_points must be at least 2");
  require(options.theiler_window >= 0, where + "theiler_window must be non-negative");
  require(options.low_quantile > 0 && options.low_quantile < options.high_quantile &&
              options.high_quantile < 1,
          where + "need 0 < low_quantile < high_quantile < 1");
  require_finite({points, static_cast<size_t>(rows * dims)}, where + "points");

  // Evenly spaced rows; the Theiler window counts original rows (time steps).
  const int64_t count = std::min(rows, options.max_points);
  std::vector<int64_t> index(count);
  for (int64_t i = 0; i < count; ++i) index[i] = i * rows / count;
  std::vector<double> distances;
  distances.reserve(static_cast<size_t>(count * (count - 1) / 2));
  for (int64_t i = 0; i < count; ++i) {
    const double* a = points + index[i] * dims;
    for (int64_t j = i + 1; j < count; ++j) {
      if (index[j] - index[i] < options.theiler_window) continue;
      const double* b = points + index[j] * dims;
      double squared = 0;
      for (int64_t d = 0; d < dims; ++d) squared += (a[d] - b[d]) * (a[d] - b[d]);
      distances.push_back(std::sqrt(squared));
    }
  }
  require(distances.size() >= 100, where + "fewer than 100 pairs outside the Theiler window");
  std::sort(distances.begin(), distances.end());
  const auto pairs = static_cast<double>(distances.size());
  const auto quantile = [&](double q) {
    return distances[static_cast<size_t>(q * (pairs - 1))];
  };
  const double low = quantile(options.low_quantile), high = quantile(options.high_quantile);
  require(low > 0 && high > low,
          where + "the scaling region has zero width (duplicate points or too few pairs)");

  // C(r) = fraction of pairs closer than r, on radii evenly spaced in log r.
  constexpr int kRadii = 16;
  std::vector<double> log_r(kRadii), log_c(kRadii);
  for (int k = 0; k < kRadii; ++k) {
    log_r[k] = std::log(low) + (std::log(high) - std::log(low)) * k / (kRadii - 1);
    const double r = std::exp(log_r[k]);
    const auto closer = std::upper_bound(distances.begin(), distances.end(), r) - distances.begin();
    log_c[k] = std::log(static_cast<double>(std::max<int64_t>(closer, 1)) / pairs);
  }
  return slope(log_r, log_c);
}

double state_space_divergence(std::span<const double> truth, std::span<const double> generated,
                              int64_t delay, int64_t bins) {
  const std::string where = "state_space_divergence: ";
  require(delay >= 1, where + "delay must be at least 1, got " + std::to_string(delay));
  require(bins >= 2 && bins <= 200, where + "bins must be in 2..200, got " + std::to_string(bins));
  const auto span = static_cast<size_t>(2 * delay);
  require(truth.size() > span && generated.size() > span,
          where + "series must be longer than 2·delay = " + std::to_string(span));
  require_finite(truth, where + "truth");
  require_finite(generated, where + "generated");

  const auto [min_it, max_it] = std::minmax_element(truth.begin(), truth.end());
  const double margin = 0.1 * std::max(*max_it - *min_it, 1e-12);
  const double low = *min_it - margin, width = (*max_it + margin - low) / static_cast<double>(bins);
  // Values outside the range fall into the edge bins, so a series that leaves the true range
  // still puts its mass where the truth has little.
  const auto bin = [&](double v) {
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor((v - low) / width)), 0, bins - 1);
  };
  const auto histogram = [&](std::span<const double> series) {
    std::vector<double> counts(static_cast<size_t>(bins * bins * bins), 1.0);  // Laplace
    for (size_t t = span; t < series.size(); ++t)
      counts[(bin(series[t]) * bins + bin(series[t - delay])) * bins + bin(series[t - span])] += 1;
    const double total = static_cast<double>(series.size() - span + counts.size());
    for (double& c : counts) c /= total;
    return counts;
  };
  const std::vector<double> p = histogram(truth), q = histogram(generated);
  double divergence = 0;
  for (size_t i = 0; i < p.size(); ++i) divergence += p[i] * std::log(p[i] / q[i]);
  return divergence;
}

double power_spectrum_hellinger(std::span<const double> truth, std::span<const double> generated,
                                double smoothing) {
  const std::string where = "power_spectrum_hellinger: ";
  require(smoothing > 0 && std::isfinite(smoothing), where + "smoothing must be positive");
  require_finite(truth, where + "truth");
  require_finite(generated, where + "generated");
  // Segments: the largest power of two up to a quarter of the shorter series (≥ 7 half-overlapping
  // segments to average), at most 4096 samples and at least 64.
  const size_t shorter = std::min(truth.size(), generated.size());
  require(shorter >= 256, where + "series need at least 256 samples, got " +
                              std::to_string(shorter));
  size_t segment = 64;
  while (segment * 2 <= std::min<size_t>(shorter / 4, 4096)) segment *= 2;
  const std::vector<double> p = smooth_and_normalise(welch_spectrum(truth, segment), smoothing);
  const std::vector<double> q = smooth_and_normalise(welch_spectrum(generated, segment), smoothing);
  double overlap = 0;
  for (size_t k = 0; k < p.size(); ++k) overlap += std::sqrt(p[k] * q[k]);
  return std::sqrt(std::max(0.0, 1.0 - overlap));
}

}  // namespace flujo::analysis
