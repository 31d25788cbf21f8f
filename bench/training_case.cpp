// One training epoch exactly as `flujo train` runs it (src/train/trainer.cpp): batches of window
// views gathered into reused buffers in a shuffled BatchOrder, SequenceModel's loss (recurrent
// layer, head on the last step's hidden state, MSE on the next value), backward, the gradient
// norm pass (clip_grad_norm without a limit, as with --clip 0), Adam, the weight finiteness scan.
// Only validation, the progress bar and checkpoints are left out.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "bench_case.hpp"
#include "flujo/core.hpp"
#include "flujo/optim.hpp"
#include "train/sequence_model.hpp"

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
        inputs_({o.batch, o.look_back, 1}),
        targets_({o.batch, 1}) {
    assert(train_set_.size() == o.windows);
    Rng rng(o.seed);
    model_.reset_parameters(rng);
    adam_ = std::make_unique<optim::Adam>(model_.store(), optim::AdamOptions{.lr = 1e-3});
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
  double train_step(std::span<const int64_t> batch) {
    ParameterStore& store = model_.store();
    auto [x, y] = train_set_.gather(batch, inputs_.view(), targets_.view());
    tape_.reset();
    store.zero_grad();
    Var loss = model_.loss(tape_, tape_.constant(x), tape_.constant(y), 1);
    const double value = loss.value()[0];
    require(std::isfinite(value), "the training loss is not finite");
    tape_.backward(loss);
    const double norm = optim::clip_grad_norm(store, std::numeric_limits<double>::infinity());
    require(std::isfinite(norm), "the gradient norm is not finite");
    adam_->set_learning_rate(1e-3);
    adam_->step();
    const float* values = store.values();
    require(std::all_of(values, values + store.numel(), [](float v) { return std::isfinite(v); }),
            "a weight is not finite");
    return value;
  }

  CaseOptions options_;
  data::Series series_;
  data::WindowDataset train_set_;
  train::SequenceModel model_;
  data::BatchOrder order_;
  Tensor inputs_, targets_;
  Tape tape_;
  std::unique_ptr<optim::Adam> adam_;
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
