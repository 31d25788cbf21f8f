// flujo autoencode's loop: shuffled batches of the movie's first frames, the mean squared
// reconstruction error, Adam with a cosine decay to a tenth, the held-out last frames scored
// every epoch and a checkpoint after it; then the latent of every frame, scored against the true
// state, and the run files. --resume rebuilds the same movie and model and continues from the
// checkpoint, bit for bit.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "autoencode/autoencode_checkpoint.hpp"
#include "autoencode/latent_scores.hpp"
#include "autoencode/movie_source.hpp"
#include "autoencode/objective.hpp"
#include "flujo/autoencode.hpp"
#include "flujo/core.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/nn/conv_autoencoder.hpp"
#include "flujo/optim.hpp"
#include "run/progress.hpp"
#include "run/run_files.hpp"
#include "run/run_lock.hpp"
#include "run/signals.hpp"
#include "run/state_tensors.hpp"

namespace flujo::autoencode {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kEvaluationBatch = 256;  // frames per forward pass outside training

void validate_options(const AutoencodeConfig& c) {
  require(c.epochs >= 1, fmt::format("--epochs must be at least 1, got {}", c.epochs));
  require(c.batch >= 1, fmt::format("--batch must be at least 1, got {}", c.batch));
  require(c.stack >= 1 && c.stack <= 8, fmt::format("--stack must be 1 to 8, got {}", c.stack));
  require(c.target == "next" || c.target == "input",
          fmt::format("--target must be next or input, got '{}'", c.target));
  require(c.lr > 0 && std::isfinite(c.lr), fmt::format("--lr must be positive, got {}", c.lr));
  require(c.validation > 0 && c.validation < 0.5,
          fmt::format("--validation must be above 0 and below 0.5, got {}", c.validation));
  require(c.threads >= 0, fmt::format("--threads must be 0 (all cores) or more, got {}", c.threads));
  require(c.kl_weight >= 0 && std::isfinite(c.kl_weight),
          fmt::format("--kl-weight must be 0 or more, got {}", c.kl_weight));
  require(c.variational || c.kl_weight == AutoencodeConfig{}.kl_weight,
          "--kl-weight is for the variational autoencoder; add --variational or leave it out");
  require(c.fnn_weight >= 0 && std::isfinite(c.fnn_weight),
          fmt::format("--fnn-weight must be 0 or more, got {}", c.fnn_weight));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

nlohmann::json to_json(const AutoencodeConfig& c) {
  return {{"movie", c.movie},   {"frames", c.frames}, {"size", c.size},       {"energies", c.energies},
          {"dt", c.dt},         {"stack", c.stack},   {"target", c.target},   {"width", c.width},
          {"latent", c.latent}, {"variational", c.variational}, {"kl_weight", c.kl_weight},
          {"fnn_weight", c.fnn_weight},
          {"epochs", c.epochs}, {"batch", c.batch},     {"lr", c.lr},
          {"validation", c.validation}, {"seed", c.seed}, {"threads", c.threads}, {"out", c.out}};
}

AutoencodeConfig read_autoencode_config(const std::string& run_dir) {
  const std::string path = run_dir + "/config.json";
  std::ifstream stream(path);
  require(stream.good(), fmt::format("--resume {}: not an autoencode run (no config.json)", run_dir));
  AutoencodeConfig c;
  // Runs written before the variational and false-nearest-neighbour options existed lack their
  // keys; they trained with the defaults.
  const AutoencodeConfig defaults;
  try {
    const nlohmann::json j = nlohmann::json::parse(stream);
    c = {.movie = j.at("movie"), .frames = j.at("frames"), .size = j.at("size"), .energies = j.at("energies"),
         .dt = j.at("dt"), .stack = j.at("stack"), .target = j.at("target"), .width = j.at("width"),
         .latent = j.at("latent"), .variational = j.value("variational", defaults.variational),
         .kl_weight = j.value("kl_weight", defaults.kl_weight), .fnn_weight = j.value("fnn_weight", defaults.fnn_weight),
         .epochs = j.at("epochs"), .batch = j.at("batch"), .lr = j.at("lr"),
         .validation = j.at("validation"), .seed = j.at("seed"), .threads = j.at("threads"), .out = run_dir};
  } catch (const nlohmann::json::exception& e) {
    // nlohmann's messages start "[json.exception.<kind>.<id>] ": the reason is what follows.
    const std::string reason = e.what();
    throw Error(fmt::format("{}: not the config.json of flujo autoencode ({})", path,
                            reason.substr(reason.find(']') == std::string::npos ? 0 : reason.find(']') + 2)));
  }
  return c;
}

namespace {

// Trains from `state` (the start, or a checkpoint's) to the last epoch, then writes the latent,
// the scores and the model. `resuming`: config.json and the checkpoint are already there.
AutoencodeSummary train_from(const AutoencodeConfig& config, bool resuming, bool progress) {
  validate_options(config);
  const MovieSource source = load_movie(config);
  const movie::Frames& frames = source.frames;
  const auto [target_offset, inputs, held_out, training] = split_inputs(config, frames.count);
  ParameterStore store;
  const nn::ConvAutoencoder model(store, {.size = config.size, .frames = config.stack, .width = config.width,
                                          .latent = config.latent, .variational = config.variational});
  // The generator of the weights goes on to draw the variational autoencoder's noise.
  Rng rng(config.seed);
  model.reset_parameters(store, rng);
  optim::Adam adam(store, {.lr = config.lr});
  data::BatchOrder order(training, config.batch, config.seed);

  const run::RunFiles files(config.out);
  const run::RunLock lock(config.out);
  const std::string checkpoint = autoencode_checkpoint_path(config.out);
  AutoencodeLoopState state;
  state.threads = config.threads > 0 ? config.threads : std::max<int64_t>(1, std::thread::hardware_concurrency());
  if (!resuming) {
    files.write_text("config.json", to_json(config).dump(2) + "\n");
  } else if (std::filesystem::exists(checkpoint)) {
    state = load_autoencode_checkpoint(checkpoint, config, store, adam);
    order.set_state(state.order);
    rng.set_state(state.noise);
  }
  blas::set_threads(static_cast<int>(state.threads));
  const int64_t steps = config.epochs * order.batches_per_epoch();
  const optim::CosineSchedule schedule(config.lr, steps, config.lr / 10);
  run::ProgressBar bar("autoencoder", training, progress, "frames");
  run::HistoryWriter history(files, "epoch", "frames_per_second");
  const auto append = [&history](const run::HistoryRow& row) {
    history.append(row.epoch, row.loss, row.validation_loss, row.learning_rate, row.seconds,
                   row.samples_per_second);
  };
  for (const run::HistoryRow& row : state.history) append(row);
  Objective objective(frames, model, target_offset, std::max(config.batch, kEvaluationBatch), config.kl_weight,
                      config.fnn_weight);
  Tape tape;
  run::StopSignals signals;
  const auto started = Clock::now();
  const double seconds_before = state.seconds;
  while (state.epoch <= config.epochs) {
    const auto epoch_started = Clock::now();
    bar.start_epoch();
    for (std::span<const int64_t> rows = order.next(); !rows.empty(); rows = order.next()) {
      const int64_t b = static_cast<int64_t>(rows.size());
      tape.reset();
      store.zero_grad();
      const Var loss = objective.loss(tape, store, rows, rng);
      // The message is built only when needed: no allocation in a training step.
      if (!std::isfinite(loss.value()[0]))
        throw Error(fmt::format("the training loss became {} at epoch {}, step {}; the last checkpoint {} is "
                                "kept. Try a lower --lr (now {})",
                                std::isnan(loss.value()[0]) ? "NaN" : "infinite", state.epoch, state.step + 1,
                                checkpoint, config.lr));
      tape.backward(loss);
      adam.set_learning_rate(schedule.learning_rate(state.step++));
      adam.step();
      state.epoch_loss += loss.value()[0] * b;
      state.epoch_seen += b;
      signals.after_step(state.step);
      bar.update(state.epoch_seen, state.epoch_loss / static_cast<double>(state.epoch_seen));
      if (const int signal_number = signals.received(); signal_number != 0) {
        state.order = order.state();
        state.noise = rng.state();
        state.epoch_seconds += seconds_since(epoch_started);
        state.seconds = seconds_before + seconds_since(started);
        save_autoencode_checkpoint(checkpoint, config, state, store, adam);
        throw run::Interrupted(signal_number,
                               fmt::format("interrupted: checkpoint saved to {} (epoch {}, step {}); resume with "
                                           "flujo autoencode --resume {}",
                                           checkpoint, state.epoch, state.step, config.out));
      }
    }
    state.loss = state.epoch_loss / static_cast<double>(state.epoch_seen);
    state.validation_loss = 0.0;
    objective.evaluate(tape, store, training, held_out, nullptr, &state.validation_loss);
    state.validation_loss /= static_cast<double>(held_out);
    const double seconds = state.epoch_seconds + seconds_since(epoch_started);
    const run::HistoryRow row{state.epoch, state.loss, state.validation_loss, adam.learning_rate(), seconds,
                                   static_cast<double>(training) / seconds};
    state.history.push_back(row);
    append(row);
    bar.finish_epoch(state.epoch, config.epochs, state.loss, state.validation_loss, "");
    state.epoch += 1, state.epoch_loss = 0.0, state.epoch_seen = 0, state.epoch_seconds = 0.0;
    state.order = order.state();
    state.noise = rng.state();
    state.seconds = seconds_before + seconds_since(started);
    save_autoencode_checkpoint(checkpoint, config, state, store, adam);
  }
  AutoencodeSummary summary{.parameters = store.numel(), .frames = frames.count, .seconds = state.seconds,
                            .loss = state.loss, .validation_loss = state.validation_loss};

  std::vector<double> latent(static_cast<size_t>(inputs * config.latent));
  objective.evaluate(tape, store, 0, inputs, latent.data(), nullptr);
  data::write_npy(files.path("latent.npy"), latent, {inputs, config.latent});
  if (source.state) {
    // Input i ends at frame i + K − 1: the state rows from K − 1 on.
    const data::Series& all = *source.state;
    const int64_t c = all.channels();
    const double* first = all.data() + (config.stack - 1) * c;
    const data::Series state_rows(inputs, all.channel_names(), std::vector<double>(first, first + inputs * c));
    data::write_npy(files.path("state.npy"), state_rows);
    summary.decode = score_latent(latent, config.latent, state_rows, frames, config.stack - 1);
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

}  // namespace

AutoencodeSummary autoencode(const AutoencodeConfig& config, bool progress) {
  std::error_code error;
  require(!std::filesystem::exists(config.out, error) || std::filesystem::is_empty(config.out, error),
          fmt::format("--out {}: already holds files; give a new directory", config.out));
  return train_from(config, false, progress);
}

AutoencodeSummary resume_autoencode(const std::string& run_dir, bool progress) {
  return train_from(read_autoencode_config(run_dir), true, progress);
}

}  // namespace flujo::autoencode
