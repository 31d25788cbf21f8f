#pragma once
// Point-cloud helpers that analyze (flow_analysis.cpp) and autoencode (latent_scores.cpp) score
// with: per-channel standardisation of a true state, evenly spaced rows of a cloud, and a
// correlation dimension that is NaN where the cloud has no scaling region.
#include <cstdint>
#include <vector>

#include "flujo/analysis/flow.hpp"
#include "flujo/data.hpp"

namespace flujo::run {

// Per-channel mean and standard deviation (1 for a constant channel).
struct ChannelScale {
  std::vector<double> mean, sd;
};
ChannelScale channel_scale(const data::Series& series);
// (T, C): each channel minus its mean, over its standard deviation.
std::vector<double> standardised(const data::Series& series, const ChannelScale& scale);

// min(rows, wanted) rows of points (rows, dims), evenly spaced from the first.
std::vector<double> evenly_spaced_rows(const std::vector<double>& points, int64_t dims, int64_t rows,
                                       int64_t wanted);

// A cloud that settled onto a fixed point (or a cycle too small for a scaling region) has no
// correlation dimension: NaN, which JSON writes as null and the report as a gap, instead of
// stopping the whole analysis.
double correlation_dimension_or_nan(const double* points, int64_t rows, int64_t dims,
                                    const analysis::CorrelationDimensionOptions& options);

}  // namespace flujo::run
