// flujo train: the epoch loop (teacher forcing or k-step rollout loss, early stopping on the
// validation loss with the best weights kept) and the run directory it leaves behind.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "flujo/core.hpp"
#include "flujo/optim.hpp"
#include "flujo/train.hpp"
#include "train/esn_run.hpp"
#include "train/prepared_data.hpp"
#include "train/progress.hpp"
#include "train/run_files.hpp"
#include "train/sequence_model.hpp"

namespace flujo::train {
namespace {

std::unique_ptr<optim::Schedule> make_schedule(const TrainConfig& config, int64_t total_steps) {
  if (config.schedule == "constant") return std::make_unique<optim::ConstantSchedule>(config.lr);
  if (config.schedule == "step")
    return std::make_unique<optim::StepSchedule>(config.lr, std::max<int64_t>(total_steps / 3, 1), 0.3);
  return std::make_unique<optim::CosineSchedule>(config.lr, total_steps, config.lr * 0.05);
}

// Mean loss over every window of a dataset, without gradients.
double evaluate(SequenceModel& model, Tape& tape, const data::WindowDataset& dataset,
                int64_t rollout, Tensor& inputs, Tensor& targets) {
  if (dataset.size() == 0) return NAN;
  const int64_t batch = inputs.shape()[0];
  std::vector<int64_t> samples;
  double total = 0.0;
  tape.set_grad_enabled(false);
  for (int64_t begin = 0; begin < dataset.size(); begin += batch) {
    const int64_t count = std::min(batch, dataset.size() - begin);
    samples.resize(count);
    for (int64_t i = 0; i < count; ++i) samples[i] = begin + i;
    auto [x, y] = dataset.gather(samples, inputs.view(), targets.view());
    tape.reset();
    Var loss = model.loss(tape, tape.constant(x), tape.constant(y), rollout);
    total += static_cast<double>(loss.value()[0]) * count;
  }
  tape.set_grad_enabled(true);
  return total / dataset.size();
}

void check_finite(double loss, int64_t epoch, int64_t step, const std::string& what) {
  if (std::isfinite(loss)) return;
  throw Error(what + " became " + (std::isnan(loss) ? "NaN" : "infinite") + " at epoch " +
              std::to_string(epoch) + ", step " + std::to_string(step) +
              "; the last good weights are kept. Try a lower --lr or gradient clipping (--clip 1)");
}

}  // namespace

TrainSummary train_run(const TrainConfig& config, bool show_progress) {
  validate(config);
  const int threads = config.threads > 0 ? static_cast<int>(config.threads)
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  blas::set_threads(threads);
  const PreparedData prepared = prepare_data(config);
  RunFiles run(config.out);
  run.write_config(config);
  if (config.model == "esn") return train_esn(config, prepared, run);

  const int64_t channels = prepared.observed.channels();
  data::WindowDataset train_set(prepared.normalised, prepared.spec, prepared.splits.train);
  data::WindowDataset validation_set(prepared.normalised, prepared.spec, prepared.splits.validation);
  data::WindowDataset test_set(prepared.normalised, prepared.spec, prepared.splits.test);

  SequenceModel model(nn::parse_cell(config.model), channels, config.hidden, config.layers);
  Rng rng(config.seed);
  model.reset_parameters(rng);
  ParameterStore& store = model.store();
  auto optimizer = optim::make_optimizer(config.optimizer, store, config.lr);
  data::BatchOrder order(train_set.size(), config.batch, config.seed + 1);
  const int64_t total_steps = order.batches_per_epoch() * config.epochs;
  auto schedule = make_schedule(config, total_steps);

  Tensor inputs({config.batch, config.look_back, channels});
  Tensor targets({config.batch, config.rollout * channels});
  Tape tape;
  std::vector<float> best_weights(store.values(), store.values() + store.numel());
  double best_validation = INFINITY;
  int64_t best_epoch = 0, epochs_run = 0, step = 0, stale_epochs = 0;
  ProgressBar progress(config.model + " " + std::to_string(config.hidden), train_set.size(), show_progress);
  HistoryWriter history(run);
  const auto started = std::chrono::steady_clock::now();

  for (int64_t epoch = 1; epoch <= config.epochs; ++epoch) {
    progress.start_epoch();
    const auto epoch_started = std::chrono::steady_clock::now();
    double epoch_loss = 0.0;
    int64_t seen = 0;
    for (auto batch = order.next(); !batch.empty(); batch = order.next()) {
      auto [x, y] = train_set.gather(batch, inputs.view(), targets.view());
      tape.reset();
      store.zero_grad();
      Var loss = model.loss(tape, tape.constant(x), tape.constant(y), config.rollout);
      const double value = loss.value()[0];
      check_finite(value, epoch, step, "the training loss");
      tape.backward(loss);
      const double norm = config.clip > 0 ? optim::clip_grad_norm(store, config.clip)
                                          : optim::clip_grad_norm(store, INFINITY);
      check_finite(norm, epoch, step, "the gradient norm");
      optimizer->set_learning_rate(schedule->learning_rate(step));
      optimizer->step();
      ++step;
      seen += static_cast<int64_t>(batch.size());
      epoch_loss += value * static_cast<double>(batch.size());
      progress.update(seen, epoch_loss / seen);
    }
    epochs_run = epoch;
    const double validation = evaluate(model, tape, validation_set, config.rollout, inputs, targets);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_started).count();
    std::string note;
    if (validation < best_validation) {
      best_validation = validation;
      best_epoch = epoch;
      stale_epochs = 0;
      best_weights.assign(store.values(), store.values() + store.numel());
      note = "best";
    } else {
      ++stale_epochs;
    }
    history.append(epoch, epoch_loss / seen, validation, optimizer->learning_rate(), seconds, seen / seconds);
    progress.finish_epoch(epoch, config.epochs, epoch_loss / seen, validation, note);
    if (stale_epochs >= config.patience) break;
  }
  std::copy(best_weights.begin(), best_weights.end(), store.values());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double test_loss = evaluate(model, tape, test_set, config.rollout, inputs, targets);

  TrainSummary summary;
  summary.run_dir = config.out;
  summary.epochs_run = epochs_run;
  summary.best_epoch = best_epoch;
  summary.best_validation_loss = best_validation;
  summary.test_loss = test_loss;
  summary.seconds = seconds;
  summary.samples_per_second = static_cast<double>(train_set.size()) * epochs_run / seconds;
  summary.parameters = store.numel();
  run.write_model(store, config, prepared.normaliser);
  run.write_metrics(summary);
  return summary;
}

}  // namespace flujo::train
