// torch.nn.utils.clip_grad_norm_ (L2) over the store's flat gradient buffer. The norm is
// accumulated in double, so it does not depend on how the buffer is split into parameters.
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo::optim {

double clip_grad_norm(ParameterStore& store, double max_norm) {
  require(max_norm > 0, fmt::format("clip_grad_norm: max_norm = {}: must be > 0", max_norm));
  const int64_t n = store.numel();
  float* grads = store.grads();
  double sum_of_squares = 0.0;
  for (int64_t i = 0; i < n; ++i) sum_of_squares += static_cast<double>(grads[i]) * grads[i];
  const double norm = std::sqrt(sum_of_squares);
  // torch's clip_coef; a NaN norm leaves the gradients as they are and is returned for the caller
  // to report.
  const double clip_coef = max_norm / (norm + 1e-6);
  if (clip_coef < 1.0) {
    const float scale = static_cast<float>(clip_coef);
    for (int64_t i = 0; i < n; ++i) grads[i] *= scale;
  }
  return norm;
}

}  // namespace flujo::optim
