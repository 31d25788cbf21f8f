// flujo words train: the corpus to ids, the model from the registry, nanoGPT's loop (random
// windows, AdamW, linear warm-up then cosine decay, clipping), validation at intervals, and the
// run directory's files (contract in include/flujo/words/run.hpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>

#include <fmt/format.h>

#include "flujo/optim.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"
#include "run/progress.hpp"
#include "run/run_lock.hpp"
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

}  // namespace

WordsSummary train_words(const WordsConfig& config, const std::string& run_dir, bool progress) {
  validate(config);
  const auto started = Clock::now();
  blas::set_threads(config.threads > 0
                        ? config.threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  const WordsData data = prepare_words_data(config);
  const WordsRunFiles files(run_dir);
  const run::RunLock lock(run_dir);
  files.write_config(config, data.vocabulary);

  std::unique_ptr<LanguageModel> model =
      find_language_model(config.model).make(config, data.vocabulary.size());
  Rng rng(config.seed);
  model->reset_parameters(rng);
  WordsSummary summary{.vocabulary = data.vocabulary.size(),
                       .train_tokens = static_cast<int64_t>(data.train.size()),
                       .validation_tokens = static_cast<int64_t>(data.validation.size()),
                       .run_dir = run_dir};
  ParameterStore* store = model->parameters();
  if (store == nullptr) return fit_by_counting(*model, config, data, files, summary, started);
  summary.parameters = store->numel();

  optim::AdamW optimizer(*store, {.lr = config.lr, .beta1 = config.beta1, .beta2 = config.beta2,
                                  .weight_decay = config.weight_decay});
  const int64_t length = config.context + 1;
  std::vector<int32_t> windows(static_cast<size_t>(config.batch * length));
  const int64_t intervals = (config.iterations + config.eval_interval - 1) / config.eval_interval;
  run::ProgressBar bar(config.model, config.eval_interval * config.batch * config.context, progress,
                       "tokens", "evaluation");
  run::HistoryWriter history(files.files(), "iteration", "tokens_per_second");
  Tape tape;
  double interval_loss = 0.0;
  int64_t interval_steps = 0;
  auto interval_start = Clock::now();
  bar.start_epoch();
  for (int64_t iteration = 0; iteration < config.iterations; ++iteration) {
    for (int64_t b = 0; b < config.batch; ++b) {
      const uint64_t offset = rng.below(data.train.size() - static_cast<uint64_t>(length) + 1);
      std::copy_n(data.train.begin() + static_cast<int64_t>(offset), length,
                  windows.begin() + b * length);
    }
    tape.reset();
    store->zero_grad();
    tape.set_training(true);
    const Var loss = model->loss(tape, windows, config.batch, rng);
    tape.backward(loss);
    optim::clip_grad_norm(*store, config.clip);
    optimizer.set_learning_rate(learning_rate(config, iteration));
    optimizer.step();
    interval_loss += loss.value()[0];
    ++interval_steps;
    bar.update(interval_steps * config.batch * config.context, interval_loss / interval_steps);
    if ((iteration + 1) % config.eval_interval != 0 && iteration + 1 != config.iterations) continue;
    const double seconds = seconds_since(interval_start);
    summary.train_loss = interval_loss / static_cast<double>(interval_steps);
    summary.validation_loss = evaluate_words(*model, data.validation, config);
    history.append(iteration + 1, summary.train_loss, summary.validation_loss,
                   optimizer.learning_rate(), seconds,
                   static_cast<double>(interval_steps * config.batch * config.context) / seconds);
    bar.finish_epoch((iteration + config.eval_interval) / config.eval_interval, intervals,
                     summary.train_loss, summary.validation_loss,
                     fmt::format("iteration {}/{}", iteration + 1, config.iterations));
    interval_loss = 0.0;
    interval_steps = 0;
    interval_start = Clock::now();
    bar.start_epoch();
  }
  summary.iterations = config.iterations;
  summary.seconds = seconds_since(started);
  summary.tokens_per_second = static_cast<double>(config.iterations * config.batch *
                                                  config.context) / summary.seconds;
  files.write_model(config, data.vocabulary, *model);
  files.write_metrics(summary);
  return summary;
}

}  // namespace flujo::words
