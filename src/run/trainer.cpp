#include "run/trainer.hpp"

#include <algorithm>
#include <cmath>

#include "flujo/core/error.hpp"

namespace flujo::run {
namespace {

ParameterStore& parameters_of(Model& model) {
  ParameterStore* store = model.parameters();
  require(store != nullptr, "this model is fitted in closed form, not trained by gradient");
  return *store;
}

std::unique_ptr<optim::Schedule> make_schedule(const TrainConfig& config, int64_t total_steps) {
  if (config.schedule == "constant") return std::make_unique<optim::ConstantSchedule>(config.lr);
  if (config.schedule == "step")
    return std::make_unique<optim::StepSchedule>(config.lr, std::max<int64_t>(total_steps / 3, 1),
                                                 0.3);
  return std::make_unique<optim::CosineSchedule>(config.lr, total_steps, config.lr * 0.05);
}

}  // namespace

Trainer::Trainer(Model& model, const TrainConfig& config, int64_t total_steps)
    : model_(model),
      store_(parameters_of(model)),
      rollout_(config.rollout),
      clip_(config.clip),
      optimizer_(optim::make_optimizer(config.optimizer, store_, config.lr)),
      schedule_(make_schedule(config, total_steps)) {}

Trainer::Step Trainer::step(ConstTensorView inputs, ConstTensorView targets, int64_t step) {
  tape_.reset();
  tape_.set_training(true);
  store_.zero_grad();
  Var loss = model_.loss(tape_, tape_.constant(inputs), tape_.constant(targets), rollout_);
  Step result;
  result.loss = loss.value()[0];
  if (!std::isfinite(result.loss)) return result;  // the caller stops the run; nothing updated
  tape_.backward(loss);
  if (hook_) hook_(store_);
  result.gradient_norm = optim::clip_grad_norm(store_, clip_ > 0 ? clip_ : INFINITY);
  if (!std::isfinite(result.gradient_norm)) return result;
  optimizer_->set_learning_rate(schedule_->learning_rate(step));
  optimizer_->step();
  return result;
}

double Trainer::evaluate(const data::WindowDataset& dataset, Tensor& inputs, Tensor& targets) {
  if (dataset.size() == 0) return NAN;
  const int64_t batch = inputs.shape()[0];
  double total = 0.0;
  tape_.set_grad_enabled(false);
  tape_.set_training(false);
  for (int64_t begin = 0; begin < dataset.size(); begin += batch) {
    const int64_t count = std::min(batch, dataset.size() - begin);
    samples_.resize(count);
    for (int64_t i = 0; i < count; ++i) samples_[i] = begin + i;
    auto [x, y] = dataset.gather(samples_, inputs.view(), targets.view());
    tape_.reset();
    Var loss = model_.loss(tape_, tape_.constant(x), tape_.constant(y), rollout_);
    total += static_cast<double>(loss.value()[0]) * count;
  }
  tape_.set_grad_enabled(true);
  return total / dataset.size();
}

}  // namespace flujo::run
