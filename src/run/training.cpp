// flujo train: the epoch loop (teacher forcing or k-step rollout loss, early stopping on the
// validation loss with the best weights kept), its checkpoints, and the run directory it leaves
// behind, for any model of the registry. Everything the loop carries from step to step lives in
// LoopState, so that a checkpoint taken between two steps continues bit for bit.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "flujo/core.hpp"
#include "flujo/run.hpp"
#include "run/checkpoint.hpp"
#include "run/memory_estimate.hpp"
#include "run/prepared_data.hpp"
#include "run/progress.hpp"
#include "run/run_files.hpp"
#include "run/run_lock.hpp"
#include "run/signals.hpp"
#include "run/trainer.hpp"

namespace flujo::run {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The first NaN or Inf among the weights, or 0: one pass over the flat buffer, as cheap as the
// gradient clipping's.
double first_non_finite(const ParameterStore& store) {
  const float* values = store.values();
  const float* bad = std::find_if(values, values + store.numel(),
                                  [](float v) { return !std::isfinite(v); });
  return bad == values + store.numel() ? 0.0 : static_cast<double>(*bad);
}

int64_t resolved_threads(const TrainConfig& config) {
  if (config.threads > 0) return config.threads;
  return static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
}

// A model fitted in closed form: one solve, no epochs, no checkpoint.
TrainSummary fit_closed_form(Model& model, const TrainConfig& config, const PreparedData& prepared,
                             const RunFiles& run) {
  const auto started = Clock::now();
  Rng rng(config.seed);
  const Model::Fit fit = model.fit(prepared.normalised, prepared.splits, rng);
  model.save(run.directory(), config, prepared.normaliser);
  TrainSummary summary;
  summary.run_dir = config.out;
  summary.epochs_run = 1;
  summary.best_epoch = 1;
  summary.best_validation_loss = fit.validation_loss;
  summary.test_loss = fit.test_loss;
  summary.seconds = seconds_since(started);
  summary.samples_per_second = prepared.splits.train.size() / summary.seconds;
  summary.parameters = fit.parameters;
  run.write_metrics(summary);
  return summary;
}

// A model trained by gradient, fresh or continued from RUN/checkpoint.safetensors.
TrainSummary train_by_gradient(Model& model, const TrainConfig& config,
                               const PreparedData& prepared, RunFiles& run, bool resume,
                               bool show_progress, int64_t checkpoint_every) {
  const std::string checkpoint = checkpoint_path(run.directory());
  const int64_t channels = prepared.observed.channels();
  data::WindowDataset train_set(prepared.normalised, prepared.spec, prepared.splits.train);
  data::WindowDataset validation_set(prepared.normalised, prepared.spec,
                                     prepared.splits.validation);
  data::WindowDataset test_set(prepared.normalised, prepared.spec, prepared.splits.test);

  Rng rng(config.seed);
  model.reset_parameters(rng);
  data::BatchOrder order(train_set.size(), config.batch, config.seed + 1);
  Trainer trainer(model, config, order.batches_per_epoch() * config.epochs);
  ParameterStore& store = trainer.store();
  std::vector<float> best_weights(store.values(), store.values() + store.numel());
  LoopState state;
  state.threads = resolved_threads(config);
  std::string last_checkpoint = "no checkpoint was saved yet";
  if (resume) {
    state = load_checkpoint(checkpoint, config, store, best_weights, trainer.optimizer());
    order.set_state(state.order);
    last_checkpoint = "the last good checkpoint " + checkpoint + " (step " +
                      std::to_string(state.step) + ") is kept";
  }
  blas::set_threads(static_cast<int>(state.threads));
  // Subnormal gradients are flushed for the whole run (why: flujo/core/float_mode.hpp).
  const FlushToZeroScope flush_to_zero;
  HistoryWriter history(run);
  auto append = [&history](const HistoryRow& row) {
    history.append(row.epoch, row.loss, row.validation_loss, row.learning_rate, row.seconds,
                   row.samples_per_second);
  };
  for (const HistoryRow& row : state.history) append(row);

  Tensor inputs({config.batch, config.look_back, channels});
  Tensor targets({config.batch, config.rollout * channels});
  ProgressBar progress(config.model + " " + std::to_string(config.hidden), train_set.size(),
                       show_progress);
  StopSignals signals;
  const auto started = Clock::now();
  const double seconds_before = state.seconds;

  // NaN/Inf stop the run with the epoch and the step in progress (1-based within the run) and
  // the way out; nothing is saved, so the last checkpoint holds finite weights.
  auto check_finite = [&](double value, const std::string& what) {
    if (std::isfinite(value)) return;
    throw Error(fmt::format("{} became {} at epoch {}, step {}; {}. Try a lower --lr (now {}){}",
                            what, std::isnan(value) ? "NaN" : "infinite", state.epoch,
                            state.step + 1, last_checkpoint, config.lr,
                            config.clip > 0 ? " or a smaller --clip"
                                            : " or gradient clipping (--clip 1)"));
  };
  auto save = [&] {
    state.order = order.state();
    state.seconds = seconds_before + seconds_since(started);
    try {
      save_checkpoint(checkpoint, config, state, store, best_weights, trainer.optimizer());
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + "; training stopped, " + last_checkpoint);
    }
    last_checkpoint = "the last good checkpoint " + checkpoint + " (step " +
                      std::to_string(state.step) + ") is kept";
  };
  auto stop_if_asked = [&] {
    const int signal_number = signals.received();
    if (signal_number == 0) return;
    save();
    throw Interrupted(signal_number, "interrupted: checkpoint saved to " + checkpoint + " (epoch " +
                                         std::to_string(state.epoch) + ", step " +
                                         std::to_string(state.step) +
                                         "); resume with flujo train --resume " + run.directory());
  };

  while (state.epoch <= config.epochs && state.stale_epochs < config.patience) {
    progress.start_epoch();
    const auto epoch_started = Clock::now();
    for (auto batch = order.next(); !batch.empty(); batch = order.next()) {
      auto [x, y] = train_set.gather(batch, inputs.view(), targets.view());
      const Trainer::Step step = trainer.step(x, y, state.step);
      check_finite(step.loss, "the training loss");
      check_finite(step.gradient_norm, "the gradient norm");
      check_finite(first_non_finite(store), "a weight");
      ++state.step;
      state.epoch_seen += static_cast<int64_t>(batch.size());
      state.epoch_loss += step.loss * static_cast<double>(batch.size());
      signals.after_step(state.step);
      progress.update(state.epoch_seen, state.epoch_loss / state.epoch_seen);
      stop_if_asked();
      if (checkpoint_every > 0 && state.step % checkpoint_every == 0 &&
          state.epoch_seen < train_set.size())
        save();
    }
    const double validation = trainer.evaluate(validation_set, inputs, targets);
    const double seconds = seconds_since(epoch_started);
    const double loss = state.epoch_loss / state.epoch_seen;
    std::string note;
    if (validation < state.best_validation) {
      state.best_validation = validation;
      state.best_epoch = state.epoch;
      state.stale_epochs = 0;
      best_weights.assign(store.values(), store.values() + store.numel());
      note = "best";
    } else {
      ++state.stale_epochs;
    }
    const HistoryRow row{state.epoch, loss, validation, trainer.optimizer().learning_rate(),
                         seconds, state.epoch_seen / seconds};
    state.history.push_back(row);
    append(row);
    progress.finish_epoch(state.epoch, config.epochs, loss, validation, note);
    state.epochs_run = state.epoch;
    ++state.epoch;
    state.epoch_loss = 0.0;
    state.epoch_seen = 0;
    save();
    stop_if_asked();
  }
  std::copy(best_weights.begin(), best_weights.end(), store.values());
  const double test_loss = trainer.evaluate(test_set, inputs, targets);

  TrainSummary summary;
  summary.run_dir = run.directory();
  summary.epochs_run = state.epochs_run;
  summary.best_epoch = state.best_epoch;
  summary.best_validation_loss = state.best_validation;
  summary.test_loss = test_loss;
  summary.seconds = seconds_before + seconds_since(started);
  summary.samples_per_second =
      static_cast<double>(train_set.size()) * state.epochs_run / summary.seconds;
  summary.parameters = store.numel();
  model.save(run.directory(), config, prepared.normaliser);
  run.write_metrics(summary);
  return summary;
}

TrainSummary train_prepared(const TrainConfig& config, const PreparedData& prepared, bool resume,
                            bool show_progress, int64_t checkpoint_every) {
  RunFiles run(config.out);
  const std::unique_ptr<Model> model = make_model(config, prepared.observed.channels());
  if (model->parameters() == nullptr) return fit_closed_form(*model, config, prepared, run);
  return train_by_gradient(*model, config, prepared, run, resume, show_progress,
                           checkpoint_every);
}

}  // namespace

TrainSummary train_run(const TrainConfig& config, bool show_progress, int64_t checkpoint_every) {
  validate(config);
  require(checkpoint_every >= 0, "--checkpoint-every must not be negative");
  blas::set_threads(static_cast<int>(resolved_threads(config)));
  const PreparedData prepared = prepare_data(config);
  require_memory_fits(config, prepared);
  const RunFiles run(config.out);
  const RunLock lock(run.directory());
  // A checkpoint left by an earlier run in this directory belongs to another training.
  std::error_code ignored;
  std::filesystem::remove(checkpoint_path(run.directory()), ignored);
  run.write_config(config);
  return train_prepared(config, prepared, false, show_progress, checkpoint_every);
}

TrainSummary resume_run(const std::string& run_dir, bool show_progress, int64_t checkpoint_every) {
  require(checkpoint_every >= 0, "--checkpoint-every must not be negative");
  const std::string config_path = run_dir + "/config.toml";
  require(std::filesystem::exists(config_path),
          run_dir + ": not a flujo run directory (no config.toml)");
  TrainConfig config = load_config(config_path);
  config.out = run_dir;
  validate(config);
  // A model fitted in closed form saves no checkpoint, and a run killed before its first
  // checkpoint has nothing to continue from: both start again, which gives the same result.
  if (!std::filesystem::exists(checkpoint_path(run_dir))) {
    std::fprintf(stderr, "flujo: no checkpoint in %s; training from the start\n", run_dir.c_str());
    return train_run(config, show_progress, checkpoint_every);
  }
  const RunLock lock(run_dir);
  const PreparedData prepared = prepare_data(config);
  require_memory_fits(config, prepared);
  return train_prepared(config, prepared, true, show_progress, checkpoint_every);
}

}  // namespace flujo::run
