#pragma once
// One optimizer step of a model trained by gradient, and its evaluation. The step is
//   zero the flat gradient → loss on the tape → backward → gradient hook → clip → schedule → update,
// and the gradient hook is where data-parallel training all-reduces the flat gradient buffer
// (one buffer: ParameterStore::grads()) before anything reads it. Everything is normalised.
#include <cstdint>
#include <functional>
#include <memory>

#include "flujo/core.hpp"
#include "flujo/data.hpp"
#include "flujo/optim.hpp"
#include "flujo/run/config.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {

class Trainer {
 public:
  // The model must be trained by gradient (model.parameters() != nullptr). Builds the optimizer
  // and the learning-rate schedule for total_steps steps as the config says.
  Trainer(Model& model, const TrainConfig& config, int64_t total_steps);

  struct Step {
    double loss = 0.0;           // before the update
    double gradient_norm = 0.0;  // before clipping
  };
  // One step on a batch: inputs (B, L, C), targets (B, k·C); `step` is the run's step count so
  // far (the schedule's position).
  Step step(ConstTensorView inputs, ConstTensorView targets, int64_t step);

  // Called with the store after backward, before clipping.
  void set_gradient_hook(std::function<void(ParameterStore&)> hook) { hook_ = std::move(hook); }

  // Mean loss over every window of a dataset, without gradients, as many windows at a time as
  // the buffers (B, L, C) and (B, k·C) hold; NaN for an empty dataset.
  double evaluate(const data::WindowDataset& dataset, Tensor& inputs, Tensor& targets);

  ParameterStore& store() { return store_; }
  optim::Optimizer& optimizer() { return *optimizer_; }

 private:
  Model& model_;
  ParameterStore& store_;
  int64_t rollout_;
  double clip_;
  std::unique_ptr<optim::Optimizer> optimizer_;
  std::unique_ptr<optim::Schedule> schedule_;
  std::function<void(ParameterStore&)> hook_;
  Tape tape_;
  std::vector<int64_t> samples_;
};

}  // namespace flujo::run
