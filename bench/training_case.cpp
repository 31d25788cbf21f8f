// One training epoch exactly as `flujo train` runs it: batches of window views gathered into
// reused buffers in a shuffled BatchOrder, then run::Trainer's step (src/run/trainer.hpp) on the
// recurrent model: its loss (recurrent layer, head on the last step's hidden state, MSE on the
// next value), backward, the gradient norm pass (no limit, as with --clip 0), Adam at a constant
// learning rate; then the weight finiteness scan of the epoch loop. Only validation, the progress
// bar and checkpoints are left out.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "bench_case.hpp"
#include "flujo/core.hpp"
#include "run/recurrent_model.hpp"
#include "run/trainer.hpp"

namespace flujo::bench {
namespace {

class TrainingCase : public Case {
 public:
  explicit TrainingCase(const CaseOptions& o)
      : options_(o),
        series_(synthetic_series(o.windows + o.look_back)),
        train_set_(series_, {.look_back = o.look_back, .horizon = 1}),
        model_(nn::parse_cell(o.cell), 1, o.hidden, 1),
        order_(train_set_.size(), o.batch, o.seed + 1),
        trainer_(model_, recipe(), 0),
        inputs_({o.batch, o.look_back, 1}),
        targets_({o.batch, 1}) {
    assert(train_set_.size() == o.windows);
    Rng rng(o.seed);
    model_.reset_parameters(rng);
    data::BatchOrder warm_up_order(train_set_.size(), o.batch, o.seed + 2);
    for (int64_t s = 0; s < o.warmup_steps; ++s) {
      auto batch = warm_up_order.next();
      if (batch.empty()) batch = warm_up_order.next();  // past an epoch's end: the next epoch
      train_step(batch);
    }
  }

  void run_once() override {
    double total = 0.0;
    int64_t seen = 0;
    for (auto batch = order_.next(); !batch.empty(); batch = order_.next()) {
      total += train_step(batch) * static_cast<double>(batch.size());
      seen += static_cast<int64_t>(batch.size());
    }
    last_loss_ = total / static_cast<double>(seen);
  }

  double flops() const override { return training_epoch_flops(options_); }
  int64_t samples() const override { return options_.windows; }
  double last_loss() const override { return last_loss_; }

 private:
  // Adam at lr 1e-3, constant, no clipping, one-step targets: the PyTorch peer's recipe.
  static run::TrainConfig recipe() {
    run::TrainConfig config;
    config.optimizer = "adam";
    config.lr = 1e-3;
    config.schedule = "constant";
    config.clip = 0;
    config.rollout = 1;
    return config;
  }

  double train_step(std::span<const int64_t> batch) {
    auto [x, y] = train_set_.gather(batch, inputs_.view(), targets_.view());
    const run::Trainer::Step step = trainer_.step(x, y, steps_++);
    require(std::isfinite(step.loss), "the training loss is not finite");
    require(std::isfinite(step.gradient_norm), "the gradient norm is not finite");
    const ParameterStore& store = trainer_.store();
    const float* values = store.values();
    require(std::all_of(values, values + store.numel(), [](float v) { return std::isfinite(v); }),
            "a weight is not finite");
    return step.loss;
  }

  CaseOptions options_;
  data::Series series_;
  data::WindowDataset train_set_;
  run::RecurrentModel model_;
  data::BatchOrder order_;
  run::Trainer trainer_;
  Tensor inputs_, targets_;
  int64_t steps_ = 0;
  double last_loss_ = 0.0;
};

}  // namespace

std::unique_ptr<Case> make_training_case(const CaseOptions& options) {
  require(options.windows >= 1 && options.batch >= 1 && options.look_back >= 1 &&
              options.hidden >= 1,
          "train: --windows, --batch, --look-back and --hidden must be at least 1");
  return std::make_unique<TrainingCase>(options);
}

}  // namespace flujo::bench
