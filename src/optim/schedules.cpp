// Closed forms of torch's StepLR and CosineAnnealingLR, indexed by the number of steps taken.
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo::optim {

StepSchedule::StepSchedule(double lr, int64_t step_size, double gamma)
    : lr_(lr), step_size_(step_size), gamma_(gamma) {
  require(step_size > 0, fmt::format("step schedule: step_size = {}: must be > 0", step_size));
  require(gamma > 0, fmt::format("step schedule: gamma = {}: must be > 0", gamma));
}

double StepSchedule::learning_rate(int64_t step) const {
  return lr_ * std::pow(gamma_, static_cast<double>(step / step_size_));
}

CosineSchedule::CosineSchedule(double lr, int64_t total_steps, double min_lr)
    : lr_(lr), total_steps_(total_steps), min_lr_(min_lr) {
  require(total_steps > 0,
          fmt::format("cosine schedule: total_steps = {}: must be > 0", total_steps));
  require(min_lr >= 0 && min_lr <= lr,
          fmt::format("cosine schedule: min_lr = {}: must be in [0, lr = {}]", min_lr, lr));
}

double CosineSchedule::learning_rate(int64_t step) const {
  if (step >= total_steps_) return min_lr_;
  // torch's operand order: pi · step / total_steps.
  const double angle =
      std::numbers::pi * static_cast<double>(step) / static_cast<double>(total_steps_);
  return min_lr_ + (lr_ - min_lr_) * (1.0 + std::cos(angle)) / 2.0;
}

}  // namespace flujo::optim
