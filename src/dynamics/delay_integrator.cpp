#include "delay_integrator.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace flujo::dynamics {

DelayIntegrator::DelayIntegrator(const System& system, std::span<const double> history,
                                 int64_t steps_per_delay)
    : system_(system), dim_(system.dimension()), window_(steps_per_delay),
      h_(system.delay() / static_cast<double>(steps_per_delay)),
      history_(history.begin(), history.end()),
      values_(static_cast<size_t>(steps_per_delay + 1) * dim_),
      slopes_(values_.size(), 0.0), arguments_(2 * dim_), delayed_start_(dim_),
      delayed_middle_(dim_), current_(dim_), k1_(dim_), k2_(dim_), k3_(dim_), k4_(dim_),
      probe_(dim_) {
  assert(steps_per_delay >= 1 && static_cast<int>(history.size()) == dim_);
  for (int64_t grid = -window_; grid <= 0; ++grid)
    std::copy(history_.begin(), history_.end(), values_.begin() + slot(grid));
  // The right-hand slope at t = 0, used when the half step reaches into [0, h].
  evaluate(history_, history_, std::span<double>(slopes_).subspan(slot(0), dim_));
}

size_t DelayIntegrator::slot(int64_t grid) const {
  const int64_t ring = window_ + 1;
  return static_cast<size_t>(((grid % ring) + ring) % ring) * dim_;
}

void DelayIntegrator::evaluate(std::span<const double> x, std::span<const double> delayed,
                               std::span<double> out) {
  std::copy(x.begin(), x.end(), arguments_.begin());
  std::copy(delayed.begin(), delayed.end(), arguments_.begin() + dim_);
  system_.evaluate(arguments_, out);
}

std::span<const double> DelayIntegrator::state() const {
  return std::span<const double>(values_).subspan(slot(now_), dim_);
}

void DelayIntegrator::step() {
  const size_t start = slot(now_ - window_), end = slot(now_ - window_ + 1);
  std::copy(values_.begin() + start, values_.begin() + start + dim_, delayed_start_.begin());
  const std::span<const double> delayed_end(values_.data() + end, dim_);
  if (now_ - window_ + 1 <= 0) {
    std::copy(history_.begin(), history_.end(), delayed_middle_.begin());
  } else {
    for (int i = 0; i < dim_; ++i)
      delayed_middle_[i] = 0.5 * (values_[start + i] + values_[end + i]) +
                           h_ / 8.0 * (slopes_[start + i] - slopes_[end + i]);
  }
  std::copy(state().begin(), state().end(), current_.begin());
  const std::vector<double>& x = current_;
  evaluate(x, delayed_start_, k1_);
  for (int i = 0; i < dim_; ++i) probe_[i] = x[i] + 0.5 * h_ * k1_[i];
  evaluate(probe_, delayed_middle_, k2_);
  for (int i = 0; i < dim_; ++i) probe_[i] = x[i] + 0.5 * h_ * k2_[i];
  evaluate(probe_, delayed_middle_, k3_);
  for (int i = 0; i < dim_; ++i) probe_[i] = x[i] + h_ * k3_[i];
  evaluate(probe_, delayed_end, k4_);
  // The new point takes the slot of t − delay, which this step no longer needs.
  ++now_;
  const size_t next = slot(now_);
  for (int i = 0; i < dim_; ++i)
    values_[next + i] = x[i] + h_ / 6.0 * (k1_[i] + 2.0 * k2_[i] + 2.0 * k3_[i] + k4_[i]);
  evaluate(std::span<const double>(values_).subspan(next, dim_), delayed_end,
           std::span<double>(slopes_).subspan(next, dim_));
}

double DelayIntegrator::distance(const DelayIntegrator& reference) const {
  assert(reference.values_.size() == values_.size() && reference.now_ == now_);
  double sum = 0.0;
  for (size_t i = 0; i < values_.size(); ++i) {
    const double difference = values_[i] - reference.values_[i];
    sum += difference * difference;
  }
  return std::sqrt(h_ * sum);
}

void DelayIntegrator::rescale_towards(const DelayIntegrator& reference, double factor) {
  for (size_t i = 0; i < values_.size(); ++i) {
    values_[i] = reference.values_[i] + factor * (values_[i] - reference.values_[i]);
    slopes_[i] = reference.slopes_[i] + factor * (slopes_[i] - reference.slopes_[i]);
  }
}

void DelayIntegrator::shift(double offset) {
  for (double& value : values_) value += offset;
}

}  // namespace flujo::dynamics
