// flujo words train: the corpus to ids, the model from the registry, nanoGPT's loop (random
// windows, AdamW, linear warm-up then cosine decay, clipping), validation and a checkpoint at
// intervals, the run directory's files, and resuming from the checkpoint (contract in
// include/flujo/words/run.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"
#include "flujo/run/train.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"
#include "run/progress.hpp"
#include "run/run_lock.hpp"
#include "run/signals.hpp"
#include "words/words_checkpoint.hpp"
#include "words/words_data.hpp"
#include "words/words_files.hpp"

namespace flujo::words {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// nanoGPT's schedule: lr·(i + 1)/(warmup + 1) while warming up, then cosine from lr to min_lr
// at the last iteration.
double learning_rate(const WordsConfig& c, int64_t iteration) {
  if (iteration < c.warmup)
    return c.lr * static_cast<double>(iteration + 1) / static_cast<double>(c.warmup + 1);
  const int64_t span = std::max<int64_t>(c.iterations - c.warmup, 1);
  const double ratio = static_cast<double>(iteration - c.warmup) / static_cast<double>(span);
  return c.min_lr + 0.5 * (1.0 + std::cos(std::numbers::pi * ratio)) * (c.lr - c.min_lr);
}

// A model fitted in closed form (the n-gram counts): one pass over the training ids, then the
// same validation as the trained models, one history row.
WordsSummary fit_by_counting(LanguageModel& model, const WordsConfig& config,
                             const WordsData& data, const WordsRunFiles& files,
                             WordsSummary summary, Clock::time_point started) {
  model.fit(data.train);
  summary.train_loss = evaluate_words(model, data.train, config);
  summary.validation_loss = evaluate_words(model, data.validation, config);
  summary.seconds = seconds_since(started);
  summary.tokens_per_second = static_cast<double>(data.train.size()) / summary.seconds;
  run::HistoryWriter history(files.files(), "iteration", "tokens_per_second");
  history.append(0, summary.train_loss, summary.validation_loss, 0.0, summary.seconds,
                 summary.tokens_per_second);
  files.write_model(config, data.vocabulary, model);
  files.write_metrics(summary);
  return summary;
}

// The loop from `state` on: random windows, a step, validation and a checkpoint every
// eval_interval steps; then the model and the metrics. A signal stops it after the step in
// progress, with a checkpoint.
WordsSummary train_from(const WordsConfig& config, const WordsData& data,
                        const WordsRunFiles& files, LanguageModel& model, optim::AdamW& optimizer,
                        WordsLoopState state, WordsSummary summary, bool progress) {
  ParameterStore& store = *model.parameters();
  const std::string checkpoint = words_checkpoint_path(files.files().directory());
  Rng rng(0);
  rng.set_state(state.rng);
  const int64_t length = config.context + 1;
  std::vector<int32_t> windows(static_cast<size_t>(config.batch * length));
  const int64_t intervals = (config.iterations + config.eval_interval - 1) / config.eval_interval;
  run::ProgressBar bar(config.model, config.eval_interval * config.batch * config.context, progress,
                       "tokens", "evaluation");
  run::HistoryWriter history(files.files(), "iteration", "tokens_per_second");
  const auto append = [&history](const WordsHistoryRow& row) {
    history.append(row.iteration, row.loss, row.validation_loss, row.learning_rate, row.seconds,
                   row.tokens_per_second);
  };
  for (const WordsHistoryRow& row : state.history) append(row);
  run::StopSignals signals;
  const auto started = Clock::now();
  const double seconds_before = state.seconds;
  auto save = [&] {
    state.rng = rng.state();
    state.seconds = seconds_before + seconds_since(started);
    save_words_checkpoint(checkpoint, config, state, store, optimizer);
  };
  Tape tape;
  auto interval_start = Clock::now();
  bar.start_epoch();
  while (state.iteration < config.iterations) {
    for (int64_t b = 0; b < config.batch; ++b) {
      const uint64_t offset = rng.below(data.train.size() - static_cast<uint64_t>(length) + 1);
      std::copy_n(data.train.begin() + static_cast<int64_t>(offset), length,
                  windows.begin() + b * length);
    }
    tape.reset();
    store.zero_grad();
    tape.set_training(true);
    const Var loss = model.loss(tape, windows, config.batch, rng);
    const double loss_value = loss.value()[0];
    // The message is built only when needed: no allocation in a training step.
    if (!std::isfinite(loss_value))
      throw Error(fmt::format("the training loss became {} at iteration {}; try a lower --lr "
                              "(now {})",
                              std::isnan(loss_value) ? "NaN" : "infinite", state.iteration + 1,
                              config.lr));
    tape.backward(loss);
    optim::clip_grad_norm(store, config.clip);
    optimizer.set_learning_rate(learning_rate(config, state.iteration));
    optimizer.step();
    ++state.iteration;
    state.interval_loss += loss_value;
    ++state.interval_steps;
    signals.after_step(state.iteration);
    bar.update(state.interval_steps * config.batch * config.context,
               state.interval_loss / static_cast<double>(state.interval_steps));
    const bool evaluate =
        state.iteration % config.eval_interval == 0 || state.iteration == config.iterations;
    if (evaluate) {
      const double seconds = seconds_since(interval_start);
      state.train_loss = state.interval_loss / static_cast<double>(state.interval_steps);
      state.validation_loss = evaluate_words(model, data.validation, config);
      const WordsHistoryRow row{
          state.iteration, state.train_loss, state.validation_loss, optimizer.learning_rate(),
          seconds,
          static_cast<double>(state.interval_steps * config.batch * config.context) / seconds};
      state.history.push_back(row);
      append(row);
      bar.finish_epoch((state.iteration + config.eval_interval - 1) / config.eval_interval,
                       intervals, state.train_loss, state.validation_loss,
                       fmt::format("iteration {}/{}", state.iteration, config.iterations));
      state.interval_loss = 0.0;
      state.interval_steps = 0;
      save();
      interval_start = Clock::now();
      bar.start_epoch();
    }
    if (const int signal_number = signals.received(); signal_number != 0) {
      if (!evaluate) save();
      throw run::Interrupted(
          signal_number, fmt::format("interrupted: checkpoint saved to {} (iteration {}); "
                                     "resume with flujo words train --resume {}",
                                     checkpoint, state.iteration, files.files().directory()));
    }
  }
  summary.iterations = config.iterations;
  summary.train_loss = state.train_loss;
  summary.validation_loss = state.validation_loss;
  summary.seconds = seconds_before + seconds_since(started);
  summary.tokens_per_second =
      static_cast<double>(config.iterations * config.batch * config.context) / summary.seconds;
  files.write_model(config, data.vocabulary, model);
  files.write_metrics(summary);
  return summary;
}

int resolved_threads(const WordsConfig& config) {
  return config.threads > 0 ? config.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

optim::AdamW make_optimizer(const WordsConfig& c, ParameterStore& store) {
  return optim::AdamW(store, {.lr = c.lr, .beta1 = c.beta1, .beta2 = c.beta2,
                              .weight_decay = c.weight_decay});
}

WordsSummary first_summary(const WordsData& data, LanguageModel& model,
                           const std::string& run_dir) {
  ParameterStore* store = model.parameters();
  return {.parameters = store != nullptr ? store->numel() : 0,
          .vocabulary = data.vocabulary.size(),
          .train_tokens = static_cast<int64_t>(data.train.size()),
          .validation_tokens = static_cast<int64_t>(data.validation.size()),
          .run_dir = run_dir};
}

}  // namespace

WordsSummary train_words(const WordsConfig& config, const std::string& run_dir, bool progress) {
  validate(config);
  const auto started = Clock::now();
  const int threads = resolved_threads(config);
  blas::set_threads(threads);
  const WordsData data = prepare_words_data(config);
  const WordsRunFiles files(run_dir, WordsRunFiles::Open::create);
  const run::RunLock lock(run_dir);
  files.write_config(config, data.vocabulary);

  std::unique_ptr<LanguageModel> model =
      find_language_model(config.model).make(config, data.vocabulary.size());
  Rng rng(config.seed);
  model->reset_parameters(rng);
  const WordsSummary summary = first_summary(data, *model, run_dir);
  if (model->parameters() == nullptr)
    return fit_by_counting(*model, config, data, files, summary, started);
  optim::AdamW optimizer = make_optimizer(config, *model->parameters());
  const WordsLoopState state{.rng = rng.state(), .threads = threads};
  return train_from(config, data, files, *model, optimizer, state, summary, progress);
}

WordsSummary resume_words(const std::string& run_dir, bool progress) {
  const WordsConfig config = read_words_config(run_dir);
  const WordsRunFiles files(run_dir, WordsRunFiles::Open::resume);
  const run::RunLock lock(run_dir);
  const WordsData data = prepare_words_data(config);
  std::unique_ptr<LanguageModel> model =
      find_language_model(config.model).make(config, data.vocabulary.size());
  require(model->parameters() != nullptr,
          run_dir + ": a " + config.model + " model is fitted by counting and has nothing to "
                    "resume; train it afresh");
  Rng rng(config.seed);
  model->reset_parameters(rng);
  optim::AdamW optimizer = make_optimizer(config, *model->parameters());
  WordsLoopState state{.rng = rng.state(), .threads = resolved_threads(config)};
  const std::string checkpoint = words_checkpoint_path(run_dir);
  if (std::filesystem::exists(checkpoint))
    state = load_words_checkpoint(checkpoint, config, *model->parameters(), optimizer);
  blas::set_threads(static_cast<int>(state.threads));
  return train_from(config, data, files, *model, optimizer, std::move(state),
                    first_summary(data, *model, run_dir), progress);
}

}  // namespace flujo::words
