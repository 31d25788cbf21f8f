// Lyapunov spectra of flows (Benettin with the variational equations) and maps (Jacobian
// products), QR re-orthonormalisation by modified Gram–Schmidt; delay systems in
// lyapunov_delay.cpp.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "integrators.hpp"
#include "lyapunov_delay.hpp"
#include "options.hpp"

namespace flujo::dynamics {

namespace {

// Orthonormalises the `count` columns of q (each `dim` long, stored one after another) and adds
// the log of each column's length before normalisation to log_growth.
void orthonormalise(std::span<double> q, int dim, int count, std::vector<double>& log_growth) {
  for (int c = 0; c < count; ++c) {
    double* column = q.data() + static_cast<size_t>(c) * dim;
    for (int previous = 0; previous < c; ++previous) {
      const double* basis = q.data() + static_cast<size_t>(previous) * dim;
      double projection = 0.0;
      for (int i = 0; i < dim; ++i) projection += basis[i] * column[i];
      for (int i = 0; i < dim; ++i) column[i] -= projection * basis[i];
    }
    double norm = 0.0;
    for (int i = 0; i < dim; ++i) norm += column[i] * column[i];
    norm = std::sqrt(norm);
    log_growth[c] += std::log(norm);
    for (int i = 0; i < dim; ++i) column[i] /= norm;
  }
}

// Tangent vectors start as the first `count` unit vectors.
std::vector<double> identity_columns(int dim, int count) {
  std::vector<double> q(static_cast<size_t>(dim) * count, 0.0);
  for (int c = 0; c < count; ++c) q[static_cast<size_t>(c) * dim + c] = 1.0;
  return q;
}

std::vector<double> flow_log_growth(const System& flow, std::vector<double> x, int count,
                                    double interval, int64_t transient_steps, int64_t steps,
                                    double tolerance) {
  const int dim = flow.dimension();
  FlowSampler sampler(flow, interval, tolerance);
  flow.wrap(x);
  for (int64_t step = 0; step < transient_steps; ++step) sampler.advance(x);
  std::vector<double> probe = x;
  sampler.advance(probe);  // sets the step count for the start state even without a transient

  // Augmented state: x, then the tangent columns; d/dt (x, Q) = (f(x), J(x)·Q).
  std::vector<double> y(x);
  const std::vector<double> q = identity_columns(dim, count);
  y.insert(y.end(), q.begin(), q.end());
  std::vector<double> jac(static_cast<size_t>(dim) * dim);
  const auto field = [&](std::span<const double> state, std::span<double> out) {
    const auto point = state.first(dim);
    flow.evaluate(point, out.first(dim));
    flow.jacobian(point, jac);
    for (int c = 0; c < count; ++c) {
      const double* column = state.data() + static_cast<size_t>(c + 1) * dim;
      double* rate = out.data() + static_cast<size_t>(c + 1) * dim;
      for (int i = 0; i < dim; ++i) {
        double sum = 0.0;
        for (int k = 0; k < dim; ++k) sum += jac[static_cast<size_t>(i) * dim + k] * column[k];
        rate[i] = sum;
      }
    }
  };
  Rk4Scratch scratch(y.size());
  const int substeps = sampler.substeps();
  const double h = interval / substeps;
  std::vector<double> log_growth(count, 0.0);
  std::span<double> all(y);
  for (int64_t step = 0; step < steps; ++step) {
    for (int sub = 0; sub < substeps; ++sub) rk4_step(field, all, h, scratch);
    require_finite_state(flow, all, static_cast<double>(step + 1) * interval);
    flow.wrap(all.first(dim));
    orthonormalise(all.subspan(dim), dim, count, log_growth);
  }
  return log_growth;
}

std::vector<double> map_log_growth(const System& map, std::vector<double> x, int count,
                                   int64_t transient_steps, int64_t steps) {
  const int dim = map.dimension();
  std::vector<double> next(dim), jac(static_cast<size_t>(dim) * dim);
  for (int64_t step = 0; step < transient_steps; ++step) {
    map.evaluate(x, next);
    x.swap(next);
  }
  require_finite_state(map, x, static_cast<double>(transient_steps));
  std::vector<double> q = identity_columns(dim, count), moved(q.size());
  std::vector<double> log_growth(count, 0.0);
  for (int64_t step = 0; step < steps; ++step) {
    map.jacobian(x, jac);
    for (int c = 0; c < count; ++c)
      for (int i = 0; i < dim; ++i) {
        double sum = 0.0;
        for (int k = 0; k < dim; ++k)
          sum += jac[static_cast<size_t>(i) * dim + k] * q[static_cast<size_t>(c) * dim + k];
        moved[static_cast<size_t>(c) * dim + i] = sum;
      }
    q.swap(moved);
    orthonormalise(q, dim, count, log_growth);
    map.evaluate(x, next);
    x.swap(next);
    require_finite_state(map, x, static_cast<double>(step + 1));
  }
  return log_growth;
}

}  // namespace

double kaplan_yorke_dimension(std::span<const double> exponents) {
  double partial = 0.0;
  for (size_t j = 0; j < exponents.size(); ++j) {
    if (partial + exponents[j] < 0.0) return static_cast<double>(j) + partial / -exponents[j];
    partial += exponents[j];
  }
  return static_cast<double>(exponents.size());
}

LyapunovSpectrum lyapunov_spectrum(const System& system, const LyapunovOptions& options) {
  const int dim = system.dimension();
  const bool delay = system.kind() == SystemKind::delay;
  const int count = options.count == 0 ? (delay ? 1 : dim) : options.count;
  require(count >= 1 && count <= (delay ? 1 : dim),
          fmt::format("{}: count = {}: must be between 1 and {}", system.name(), options.count,
                      delay ? 1 : dim));
  require(std::isfinite(options.tolerance) && options.tolerance > 0.0,
          fmt::format("{}: tolerance = {}: must be a positive number", system.name(),
                      options.tolerance));
  const double interval = resolve_step(system, options.interval, "interval");
  const double time = options.time == 0.0 ? system.defaults().lyapunov_time : options.time;
  require(std::isfinite(time) && time > 0.0,
          fmt::format("{}: time = {}: must be a positive number", system.name(), options.time));
  const int64_t steps = std::max<int64_t>(1, whole_steps(system, time, time, interval, "time"));
  const int64_t transient_steps = whole_steps(system, options.transient,
                                              system.defaults().transient, interval, "transient");
  std::vector<double> x = resolve_initial_state(system, options.initial_state, options.seed);

  std::vector<double> log_growth;
  switch (system.kind()) {
    case SystemKind::flow:
      log_growth = flow_log_growth(system, x, count, interval, transient_steps, steps,
                                   options.tolerance);
      break;
    case SystemKind::map:
      log_growth = map_log_growth(system, x, count, transient_steps, steps);
      break;
    case SystemKind::delay:
      log_growth = {delay_log_growth(system, x, interval, options.max_step, transient_steps,
                                     steps)};
      break;
  }

  LyapunovSpectrum spectrum;
  spectrum.time = static_cast<double>(steps) * interval;
  for (double growth : log_growth) spectrum.exponents.push_back(growth / spectrum.time);
  std::sort(spectrum.exponents.begin(), spectrum.exponents.end(), std::greater<>());
  for (double exponent : spectrum.exponents) spectrum.sum += exponent;
  spectrum.complete = !delay && count == dim;
  spectrum.kaplan_yorke = kaplan_yorke_dimension(spectrum.exponents);
  if (!spectrum.complete && spectrum.kaplan_yorke == static_cast<double>(count))
    spectrum.kaplan_yorke = std::numeric_limits<double>::quiet_NaN();
  return spectrum;
}

}  // namespace flujo::dynamics
