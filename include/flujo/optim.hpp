#pragma once
// flujo optim: optimizers that update a ParameterStore's flat buffer in one loop, global-norm
// gradient clipping, and learning-rate schedules. Semantics follow torch.optim exactly.
//
//   flujo::optim::Adam adam(store, {.lr = 1e-3});
//   flujo::optim::CosineSchedule schedule(1e-3, total_steps, 1e-4);
//   ... tape.backward(loss);
//   flujo::optim::clip_grad_norm(store, 1.0);
//   adam.set_learning_rate(schedule.learning_rate(step));
//   adam.step();
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "flujo/core.hpp"

namespace flujo::optim {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // Applies one update from store.grads() to store.values().
  virtual void step() = 0;

  double learning_rate() const { return lr_; }
  void set_learning_rate(double lr) { lr_ = lr; }
  int64_t steps_taken() const { return steps_; }

  // Named state buffers (e.g. "exp_avg", "exp_avg_sq"), each laid out like the parameter buffer,
  // and the step count: everything a checkpoint needs to resume exactly.
  struct StateBuffer {
    std::string name;
    std::vector<float>* values;
  };
  virtual std::vector<StateBuffer> state_buffers() = 0;
  void set_steps_taken(int64_t steps) { steps_ = steps; }

 protected:
  Optimizer(ParameterStore& store, double lr) : store_(store), lr_(lr) {}
  ParameterStore& store_;
  double lr_;
  int64_t steps_ = 0;
};

struct SgdOptions {
  double lr = 0.01;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;  // L2 on the parameters whose flags allow it (not biases)
  bool nesterov = false;
};

class Sgd : public Optimizer {
 public:
  Sgd(ParameterStore& store, SgdOptions options);
  void step() override;
  std::vector<StateBuffer> state_buffers() override;

 private:
  SgdOptions options_;
  std::vector<float> momentum_buffer_;
};

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  // Adam: L2 added to the gradient; AdamW: decoupled decay. Either skips the parameters whose
  // flags say so (biases: ParamFlags), as PyTorch does with a second parameter group.
  double weight_decay = 0.0;
};

class Adam : public Optimizer {
 public:
  Adam(ParameterStore& store, AdamOptions options);
  void step() override;
  std::vector<StateBuffer> state_buffers() override;

 protected:
  Adam(ParameterStore& store, AdamOptions options, bool decoupled_weight_decay);

 private:
  AdamOptions options_;
  bool decoupled_;
  std::vector<float> exp_avg_, exp_avg_sq_;
};

// torch.optim.AdamW (default weight_decay 0.01 as in PyTorch is the caller's choice here).
class AdamW : public Adam {
 public:
  AdamW(ParameterStore& store, AdamOptions options);
};

// Scales every gradient so that the global L2 norm is at most max_norm; returns the norm before
// clipping (torch.nn.utils.clip_grad_norm_). Computed in double.
double clip_grad_norm(ParameterStore& store, double max_norm);

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual double learning_rate(int64_t step) const = 0;
};

class ConstantSchedule : public Schedule {
 public:
  explicit ConstantSchedule(double lr) : lr_(lr) {}
  double learning_rate(int64_t) const override { return lr_; }

 private:
  double lr_;
};

// lr · gamma^floor(step / step_size) (torch StepLR).
class StepSchedule : public Schedule {
 public:
  StepSchedule(double lr, int64_t step_size, double gamma);
  double learning_rate(int64_t step) const override;

 private:
  double lr_;
  int64_t step_size_;
  double gamma_;
};

// Cosine from lr to min_lr over total_steps, then min_lr (torch CosineAnnealingLR's closed form).
class CosineSchedule : public Schedule {
 public:
  CosineSchedule(double lr, int64_t total_steps, double min_lr = 0.0);
  double learning_rate(int64_t step) const override;

 private:
  double lr_;
  int64_t total_steps_;
  double min_lr_;
};

// "sgd" | "adam" | "adamw"; throws Error naming the value otherwise.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, ParameterStore& store, double lr);

}  // namespace flujo::optim
