// flujo autoencode's loop: shuffled batches of the movie's first frames, the mean squared
// reconstruction error, Adam with a cosine decay to a tenth, the held-out last frames scored
// every epoch; then the latent of every frame, scored against the true state, and the run files.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "autoencode/latent_scores.hpp"
#include "autoencode/movie_source.hpp"
#include "flujo/autoencode.hpp"
#include "flujo/core.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/nn/conv_autoencoder.hpp"
#include "flujo/optim.hpp"
#include "run/progress.hpp"
#include "run/run_files.hpp"
#include "run/run_lock.hpp"

namespace flujo::autoencode {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kEvaluationBatch = 256;  // frames per forward pass outside training

void validate(const AutoencodeConfig& c) {
  require(c.epochs >= 1, fmt::format("--epochs must be at least 1, got {}", c.epochs));
  require(c.batch >= 1, fmt::format("--batch must be at least 1, got {}", c.batch));
  require(c.stack >= 1 && c.stack <= 8, fmt::format("--stack must be 1 to 8, got {}", c.stack));
  require(c.target == "next" || c.target == "input",
          fmt::format("--target must be next or input, got '{}'", c.target));
  require(c.lr > 0 && std::isfinite(c.lr), fmt::format("--lr must be positive, got {}", c.lr));
  require(c.validation > 0 && c.validation < 0.5,
          fmt::format("--validation must be above 0 and below 0.5, got {}", c.validation));
  require(c.threads >= 0, fmt::format("--threads must be 0 (all cores) or more, got {}", c.threads));
  std::error_code error;
  require(!std::filesystem::exists(c.out, error) || std::filesystem::is_empty(c.out, error),
          fmt::format("--out {}: already holds files; give a new directory", c.out));
}

// Input i is frames i … i + K − 1 stacked as channels: (K, S, S), contiguous in the movie.
void gather(const movie::Frames& f, int64_t stack, std::span<const int64_t> inputs, float* out) {
  const int64_t size = stack * f.height * f.width;
  for (size_t i = 0; i < inputs.size(); ++i) std::copy_n(f.frame(inputs[i]), size, out + i * size);
}

// One batch: the inputs (B, K, S, S) and what the decoder must give back, the K frames after
// each (--target next, gathered into a second buffer made once) or the inputs themselves.
struct Batch {
  Var inputs, targets;
};
Batch make_batch(const movie::Frames& f, int64_t stack, int64_t target_offset, std::span<const int64_t> rows,
                 Tensor& input_buffer, Tensor& target_buffer, std::vector<int64_t>& shifted, Tape& tape) {
  const int64_t b = static_cast<int64_t>(rows.size());
  const Shape shape{b, stack, f.height, f.width};
  gather(f, stack, rows, input_buffer.data());
  const Var inputs = tape.constant(ConstTensorView{input_buffer.data(), shape});
  if (target_offset == 0) return {inputs, inputs};
  for (int64_t i = 0; i < b; ++i) shifted[i] = rows[i] + target_offset;
  gather(f, stack, {shifted.data(), rows.size()}, target_buffer.data());
  return {inputs, tape.constant(ConstTensorView{target_buffer.data(), shape})};
}

// Runs inputs [first, first + count) through the encoder (and the decoder when `loss` is set, to
// sum the error), kEvaluationBatch at a time, without gradients.
void evaluate(const nn::ConvAutoencoder& model, ParameterStore& store, const movie::Frames& f, int64_t first,
              int64_t count, int64_t target_offset, Tape& tape, Tensor& input_buffer, Tensor& target_buffer,
              std::vector<int64_t>& scratch, double* latent, double* loss) {
  const int64_t z = model.options().latent, stack = model.options().frames;
  std::vector<int64_t> rows(static_cast<size_t>(kEvaluationBatch));
  tape.set_grad_enabled(false);
  for (int64_t at = first; at < first + count; at += kEvaluationBatch) {
    const int64_t batch = std::min(kEvaluationBatch, first + count - at);
    for (int64_t i = 0; i < batch; ++i) rows[i] = at + i;
    tape.reset();
    const Batch b = make_batch(f, stack, target_offset, {rows.data(), static_cast<size_t>(batch)}, input_buffer,
                               target_buffer, scratch, tape);
    const Var code = model.encode(tape, store, b.inputs);
    if (latent) std::copy(code.value().data, code.value().data + batch * z, latent + (at - first) * z);
    if (loss) *loss += mse_loss(model.decode(tape, store, code), b.targets).value()[0] * static_cast<double>(batch);
  }
  tape.set_grad_enabled(true);
}

}  // namespace

nlohmann::json to_json(const AutoencodeConfig& c) {
  return {{"movie", c.movie},   {"frames", c.frames}, {"size", c.size},   {"energies", c.energies},
          {"dt", c.dt},         {"stack", c.stack},   {"target", c.target},   {"width", c.width},   {"latent", c.latent}, {"epochs", c.epochs},
          {"batch", c.batch},   {"lr", c.lr},         {"validation", c.validation},
          {"seed", c.seed},     {"threads", c.threads}, {"out", c.out}};
}

AutoencodeSummary autoencode(const AutoencodeConfig& config, bool progress) {
  validate(config);
  const int threads = config.threads > 0 ? static_cast<int>(config.threads)
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  blas::set_threads(threads);
  const MovieSource source = load_movie(config);
  const movie::Frames& frames = source.frames;
  // With --target next an input also needs the K frames after it.
  const int64_t target_offset = config.target == "next" ? config.stack : 0;
  const int64_t inputs = frames.count - config.stack + 1 - target_offset;
  const int64_t held_out = std::max<int64_t>(1, std::llround(config.validation * static_cast<double>(inputs)));
  const int64_t training = inputs - held_out;
  require(training >= 1, fmt::format("--movie {}: {} frames leave no input of {} to train on", config.movie,
                                     frames.count, config.stack + target_offset));
  ParameterStore store;
  const nn::ConvAutoencoder model(
      store, {.size = config.size, .frames = config.stack, .width = config.width, .latent = config.latent});
  Rng rng(config.seed);
  model.reset_parameters(store, rng);

  const run::RunFiles files(config.out);
  const run::RunLock lock(config.out);
  files.write_text("config.json", to_json(config).dump(2) + "\n");
  optim::Adam adam(store, {.lr = config.lr});
  data::BatchOrder order(training, config.batch, config.seed);
  const int64_t steps = config.epochs * order.batches_per_epoch();
  const optim::CosineSchedule schedule(config.lr, steps, config.lr / 10);
  run::ProgressBar bar("autoencoder", training, progress, "frames");
  run::HistoryWriter history(files, "epoch", "frames_per_second");
  // One batch's inputs, gathered into a buffer made once: each batch is a view of it.
  const Shape buffer_shape{std::max(config.batch, kEvaluationBatch), config.stack, config.size, config.size};
  Tensor input_buffer(buffer_shape), target_buffer(target_offset > 0 ? buffer_shape : Shape{1});
  std::vector<int64_t> shifted(static_cast<size_t>(buffer_shape[0]));
  Tape tape;
  AutoencodeSummary summary;
  const auto started = Clock::now();
  int64_t step = 0;
  for (int64_t epoch = 1; epoch <= config.epochs; ++epoch) {
    const auto epoch_started = Clock::now();
    bar.start_epoch();
    double total = 0.0;
    int64_t done = 0;
    for (std::span<const int64_t> rows = order.next(); !rows.empty(); rows = order.next()) {
      const int64_t b = static_cast<int64_t>(rows.size());
      tape.reset();
      store.zero_grad();
      const Batch batch = make_batch(frames, config.stack, target_offset, rows, input_buffer, target_buffer, shifted, tape);
      const Var loss = mse_loss(model.decode(tape, store, model.encode(tape, store, batch.inputs)), batch.targets);
      tape.backward(loss);
      adam.set_learning_rate(schedule.learning_rate(step++));
      adam.step();
      total += loss.value()[0] * b;
      done += b;
      bar.update(done, total / static_cast<double>(done));
    }
    summary.loss = total / static_cast<double>(done);
    summary.validation_loss = 0.0;
    evaluate(model, store, frames, training, held_out, target_offset, tape, input_buffer, target_buffer, shifted,
             nullptr, &summary.validation_loss);
    summary.validation_loss /= static_cast<double>(held_out);
    const double seconds = std::chrono::duration<double>(Clock::now() - epoch_started).count();
    history.append(epoch, summary.loss, summary.validation_loss, adam.learning_rate(), seconds,
                   static_cast<double>(training) / seconds);
    bar.finish_epoch(epoch, config.epochs, summary.loss, summary.validation_loss, "");
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  summary.parameters = store.numel();
  summary.frames = frames.count;

  std::vector<double> latent(static_cast<size_t>(inputs * config.latent));
  evaluate(model, store, frames, 0, inputs, target_offset, tape, input_buffer, target_buffer, shifted,
           latent.data(), nullptr);
  data::write_npy(files.path("latent.npy"), latent, {inputs, config.latent});
  if (source.state) {
    // Input i ends at frame i + K − 1: the state rows from K − 1 on.
    const data::Series& all = *source.state;
    const int64_t c = all.channels();
    const double* first = all.data() + (config.stack - 1) * c;
    const data::Series state(inputs, all.channel_names(), std::vector<double>(first, first + inputs * c));
    data::write_npy(files.path("state.npy"), state);
    summary.decode = score_latent(latent, config.latent, state, frames, config.stack - 1);
  }
  write_safetensors(files.path("model.safetensors"), store,
                    {{"format", "flujo-autoencoder-1"}, {"flujo.autoencode.config", to_json(config).dump()}});
  const nlohmann::json metrics = {{"frames", summary.frames}, {"parameters", summary.parameters},
                                  {"train_seconds", summary.seconds}, {"loss", summary.loss},
                                  {"validation_loss", summary.validation_loss}, {"decode", summary.decode},
                                  {"state_columns", source.state ? source.state->channel_names()
                                                                 : std::vector<std::string>{}}};
  files.write_text("metrics.json", metrics.dump(2) + "\n");
  return summary;
}

}  // namespace flujo::autoencode
