#include "run/point_clouds.hpp"

#include <algorithm>
#include <cmath>

#include "flujo/core/error.hpp"

namespace flujo::run {

ChannelScale channel_scale(const data::Series& series) {
  const int64_t rows = series.time_steps(), dims = series.channels();
  ChannelScale scale{std::vector<double>(dims, 0.0), std::vector<double>(dims, 1.0)};
  for (int64_t c = 0; c < dims; ++c) {
    double mean = 0.0, squares = 0.0;
    for (int64_t t = 0; t < rows; ++t) mean += series.at(t, c);
    mean /= rows;
    for (int64_t t = 0; t < rows; ++t) squares += (series.at(t, c) - mean) * (series.at(t, c) - mean);
    const double sd = std::sqrt(squares / rows);
    scale.mean[c] = mean;
    scale.sd[c] = sd > 0 ? sd : 1.0;
  }
  return scale;
}

std::vector<double> standardised(const data::Series& series, const ChannelScale& scale) {
  const int64_t rows = series.time_steps(), dims = series.channels();
  std::vector<double> out(series.values());
  for (int64_t t = 0; t < rows; ++t)
    for (int64_t c = 0; c < dims; ++c)
      out[t * dims + c] = (series.at(t, c) - scale.mean[c]) / scale.sd[c];
  return out;
}

std::vector<double> evenly_spaced_rows(const std::vector<double>& points, int64_t dims, int64_t rows,
                                       int64_t wanted) {
  const int64_t count = std::min(rows, wanted);
  std::vector<double> out(static_cast<size_t>(count * dims));
  for (int64_t i = 0; i < count; ++i) {
    const int64_t row = i * rows / count;
    std::copy(points.begin() + row * dims, points.begin() + (row + 1) * dims, out.begin() + i * dims);
  }
  return out;
}

double correlation_dimension_or_nan(const double* points, int64_t rows, int64_t dims,
                                    const analysis::CorrelationDimensionOptions& options) {
  try {
    return analysis::correlation_dimension(points, rows, dims, options);
  } catch (const Error&) {
    return NAN;
  }
}

}  // namespace flujo::run
