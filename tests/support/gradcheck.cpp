#include "support/gradcheck.hpp"

#include <cmath>
#include <sstream>

#include "flujo/core/random.hpp"

namespace flujo::testing {
namespace {
constexpr float kGradSentinel = 0.5f;

double projected(const Forward& forward, ConstTensorView projection) {
  Tape tape;
  Var y = forward(tape);
  TensorView v = y.value();
  double total = 0.0;
  for (int64_t i = 0; i < v.numel(); ++i) total += static_cast<double>(v[i]) * projection[i];
  return total;
}
}  // namespace

Tensor random_tensor(Shape shape, uint64_t seed, float low, float high) {
  Tensor t(shape);
  Rng rng(seed);
  rng.fill_uniform(t.view(), low, high);
  return t;
}

std::string check_gradients(const Forward& forward, const std::vector<GradTarget>& targets,
                            GradTolerance tolerance, uint64_t seed) {
  std::ostringstream report;
  Tape tape;
  tape.set_sentinel_fill(true);
  for (const GradTarget& t : targets) t.grad.fill(kGradSentinel);
  Var y = forward(tape);
  Tensor projection = random_tensor(y.shape(), seed);
  for (int64_t i = 0; i < y.value().numel(); ++i) {
    if (std::isnan(y.value()[i])) {
      report << "output element " << i << " was never written (NaN sentinel)\n";
      return report.str();
    }
  }
  tape.backward(y, projection.view());

  int mismatches = 0;
  for (const GradTarget& t : targets) {
    for (int64_t i = 0; i < t.value.numel(); ++i) {
      const double analytic = static_cast<double>(t.grad[i]) - kGradSentinel;
      const float saved = t.value[i];
      t.value[i] = saved + static_cast<float>(tolerance.step);
      const double plus = projected(forward, projection.view());
      t.value[i] = saved - static_cast<float>(tolerance.step);
      const double minus = projected(forward, projection.view());
      t.value[i] = saved;
      const double numeric = (plus - minus) / (2.0 * tolerance.step);
      const double allowed = tolerance.absolute + tolerance.relative * std::abs(numeric);
      if (!(std::abs(analytic - numeric) <= allowed)) {
        if (++mismatches <= 8)
          report << t.name << "[" << i << "]: analytic " << analytic << ", numeric " << numeric << "\n";
      }
    }
  }
  if (mismatches > 8) report << "... " << mismatches << " mismatches in all\n";
  return report.str();
}

}  // namespace flujo::testing
