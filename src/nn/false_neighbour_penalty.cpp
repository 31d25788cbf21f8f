#include "flujo/nn/false_neighbour_penalty.hpp"

#include <algorithm>
#include <cmath>

namespace flujo::nn {

void false_neighbour_weights(const float* z, int64_t batch, int64_t dims, std::span<double> distances,
                             float* weights) {
  constexpr double kRatio = 20.0, kAttractorSize = 2.0;  // Kennel et al.'s thresholds
  const int64_t k = std::max<int64_t>(1, batch / 100);
  weights[0] = 0.0f;
  for (int64_t d = 1; d < dims; ++d) {
    // The attractor's size in the first d coordinates: their root-mean-square spread.
    double spread = 0;
    for (int64_t c = 0; c < d; ++c) {
      double mean = 0, square = 0;
      for (int64_t b = 0; b < batch; ++b) mean += z[b * dims + c] / static_cast<double>(batch);
      for (int64_t b = 0; b < batch; ++b) square += (z[b * dims + c] - mean) * (z[b * dims + c] - mean);
      spread += square / static_cast<double>(batch * d);
    }
    const double size = std::sqrt(spread);
    int64_t false_neighbours = 0, pairs = 0;
    for (int64_t i = 0; i < batch; ++i) {
      for (int64_t j = 0; j < batch; ++j) {
        double squared = 0;
        for (int64_t c = 0; c < d; ++c) squared += (z[i * dims + c] - z[j * dims + c]) * (z[i * dims + c] - z[j * dims + c]);
        distances[j] = j == i ? INFINITY : squared;
      }
      for (int64_t n = 0; n < std::min(k, batch - 1); ++n, ++pairs) {
        const int64_t j = std::min_element(distances.begin(), distances.begin() + batch) - distances.begin();
        const double before = distances[j], step = z[i * dims + d] - z[j * dims + d];
        false_neighbours += std::abs(step) > kRatio * std::sqrt(before) ||
                            std::sqrt(before + step * step) > kAttractorSize * size;
        distances[j] = INFINITY;
      }
    }
    weights[d] = pairs > 0 ? static_cast<float>(1.0 - static_cast<double>(false_neighbours) / pairs) : 0.0f;
  }
}

FalseNeighbourPenalty::FalseNeighbourPenalty(int64_t max_batch, int64_t latent, double weight)
    : weight_(static_cast<float>(weight)),
      ones_(Shape{1, max_batch}),
      tiny_(Shape{latent}),
      weights_(Shape{latent}),
      distances_(static_cast<size_t>(max_batch)) {
  std::fill_n(ones_.data(), ones_.numel(), 1.0f);
  // Keeps √ off 0, where its derivative is infinite, for a coordinate the batch leaves at 0.
  std::fill_n(tiny_.data(), tiny_.numel(), 1e-12f);
}

Var FalseNeighbourPenalty::operator()(Tape& tape, Var latent) {
  const int64_t batch = latent.shape()[0], dims = latent.shape()[1];
  false_neighbour_weights(latent.value().data, batch, dims, distances_, weights_.data());
  const Var column_mean = scale(matmul(tape.constant(ConstTensorView{ones_.data(), Shape{1, batch}}), mul(latent, latent)),
                                1.0f / static_cast<float>(batch));
  const Var rms = sqrt(add(column_mean, tape.constant(ConstTensorView{tiny_.data(), Shape{dims}})));
  const Var weighted = mul(rms, tape.constant(ConstTensorView{weights_.data(), Shape{dims}}));
  return scale(sum(weighted), weight_);
}

}  // namespace flujo::nn
