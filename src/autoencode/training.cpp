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

// Runs inputs [first, first + count) through the encoder (and the decoder when `loss` is set, to
// sum the reconstruction error), kEvaluationBatch at a time, without gradients.
void evaluate(const nn::ConvAutoencoder& model, ParameterStore& store, const movie::Frames& f,
              int64_t first, int64_t count, Tape& tape, Tensor& buffer, double* latent, double* loss) {
  const int64_t z = model.options().latent, stack = model.options().frames;
  std::vector<int64_t> inputs(static_cast<size_t>(kEvaluationBatch));
  tape.set_grad_enabled(false);
  for (int64_t at = first; at < first + count; at += kEvaluationBatch) {
    const int64_t batch = std::min(kEvaluationBatch, first + count - at);
    for (int64_t i = 0; i < batch; ++i) inputs[i] = at + i;
    gather(f, stack, {inputs.data(), static_cast<size_t>(batch)}, buffer.data());
    tape.reset();
    const Var x = tape.constant(ConstTensorView{buffer.data(), Shape{batch, stack, f.height, f.width}});
    const Var code = model.encode(tape, store, x);
    if (latent) std::copy(code.value().data, code.value().data + batch * z, latent + (at - first) * z);
    if (loss) *loss += mse_loss(model.decode(tape, store, code), x).value()[0] * static_cast<double>(batch);
  }
  tape.set_grad_enabled(true);
}

}  // namespace

nlohmann::json to_json(const AutoencodeConfig& c) {
  return {{"movie", c.movie},   {"frames", c.frames}, {"size", c.size},   {"energies", c.energies},
          {"dt", c.dt},         {"stack", c.stack},   {"width", c.width},   {"latent", c.latent}, {"epochs", c.epochs},
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
  const int64_t inputs = frames.count - config.stack + 1;
  const int64_t held_out = std::max<int64_t>(1, std::llround(config.validation * static_cast<double>(inputs)));
  const int64_t training = inputs - held_out;
  require(training >= 1, fmt::format("--movie {}: {} frames leave no input of {} to train on", config.movie,
                                     frames.count, config.stack));
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
  Tensor buffer(Shape{std::max(config.batch, kEvaluationBatch), config.stack, config.size, config.size});
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
      gather(frames, config.stack, rows, buffer.data());
      tape.reset();
      store.zero_grad();
      const Var x = tape.constant(ConstTensorView{buffer.data(), Shape{b, config.stack, config.size, config.size}});
      const Var loss = mse_loss(model.decode(tape, store, model.encode(tape, store, x)), x);
      tape.backward(loss);
      adam.set_learning_rate(schedule.learning_rate(step++));
      adam.step();
      total += loss.value()[0] * b;
      done += b;
      bar.update(done, total / static_cast<double>(done));
    }
    summary.loss = total / static_cast<double>(done);
    summary.validation_loss = 0.0;
    evaluate(model, store, frames, training, held_out, tape, buffer, nullptr, &summary.validation_loss);
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
  evaluate(model, store, frames, 0, inputs, tape, buffer, latent.data(), nullptr);
  data::write_npy(files.path("latent.npy"), latent, {inputs, config.latent});
  if (source.state) {
    // Input i ends at frame i + K − 1: the state rows from K − 1 on.
    const data::Series& all = *source.state;
    const int64_t c = all.channels();
    const data::Series state(inputs, all.channel_names(),
                             std::vector<double>(all.data() + (config.stack - 1) * c, all.data() + all.time_steps() * c));
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
