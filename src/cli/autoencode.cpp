// flujo autoencode --movie SCENE|DIR|VIDEO (or --resume RUN): trains the convolutional autoencoder on a movie and scores
// its latent trajectory against the true state.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "commands.hpp"
#include "flujo/autoencode.hpp"
#include "flujo/core/error.hpp"
#include "flujo/run/train.hpp"

namespace flujo::cli {

void print_latent_summary(const nlohmann::json& decode) {
  if (decode.empty()) return;
  std::printf("%-12s %10s %10s %14s %14s\n", "coordinate", "kNN R2", "ridge R2", "pixel PCA kNN", "pixel PCA ridge");
  for (const auto& [name, latent] : decode["latent"].items()) {
    const auto& control = decode["pixel_pca"][name];
    std::printf("%-12s %10.3f %10.3f %14.3f %14.3f\n", name.c_str(), latent["knn_r2"].get<double>(),
                latent["ridge_r2"].get<double>(), control["knn_r2"].get<double>(), control["ridge_r2"].get<double>());
  }
  // Three decimals, or "none" where a measure is undefined (JSON null).
  auto three = [&](const char* measure, const char* cloud) {
    const auto& value = decode[measure][cloud];
    return value.is_number() ? fmt::format("{:.3f}", value.get<double>()) : std::string("none");
  };
  const auto& bars = decode["h1_dominant_bars"];
  std::printf("dominant loops (H1 bars): latent %s, pixel PCA %s, true state %s\n", bars["latent"].dump().c_str(),
              bars["pixel_pca"].dump().c_str(), bars["state"].dump().c_str());
  std::printf("trustworthiness: latent %s, pixel PCA %s\n", three("trustworthiness", "latent").c_str(),
              three("trustworthiness", "pixel_pca").c_str());
  for (const auto& [measure, title] : {std::pair{"correlation_dimension", "correlation dimension"},
                                       std::pair{"intrinsic_dimension", "intrinsic dimension (Levina-Bickel)"}})
    std::printf("%s: latent %s, pixel PCA %s, true state %s\n", title, three(measure, "latent").c_str(),
                three(measure, "pixel_pca").c_str(), three(measure, "state").c_str());
}

void register_autoencode(CLI::App& app) {
  auto* command = app.add_subcommand("autoencode", "Train the convolutional autoencoder on a movie");
  auto c = std::make_shared<autoencode::AutoencodeConfig>();
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--movie", c->movie,
                      "a scene (flujo movie --list), a directory of PNG/PGM frames or a video file")
      ->capture_default_str();
  command->add_option("--frames", c->frames, "scene: frames to render")->capture_default_str();
  command->add_option("--size", c->size, "frames are resampled to SIZE × SIZE (a multiple of 8)")
      ->capture_default_str();
  command->add_option("--energies", c->energies, "pendulum scene: runs at this many energies")
      ->capture_default_str();
  command->add_option("--dt", c->dt, "scene: time between frames (0: the scene's default)");
  command->add_option("--stack", c->stack, "consecutive frames per input (two carry the velocity)")
      ->capture_default_str();
  command->add_option("--target", c->target, "what the decoder gives back: next (the --stack frames after "
                                             "the input) or input (its own frames)")
      ->capture_default_str();
  command->add_option("--width", c->width, "channels of the first convolution")->capture_default_str();
  command->add_option("--latent", c->latent, "latent size Z")->capture_default_str();
  command->add_flag("--variational", c->variational, "a variational autoencoder: posterior mean and variance");
  command->add_option("--kl-weight", c->kl_weight, "--variational: weight β of the KL term against the "
                                                   "mean squared error per pixel")
      ->capture_default_str();
  command->add_option("--fnn-weight", c->fnn_weight, "weight of the false-nearest-neighbour latent penalty "
                                                     "(Gilpin 2020); 0: none")
      ->capture_default_str();
  command->add_option("--epochs", c->epochs, "passes over the training frames")->capture_default_str();
  command->add_option("--batch", c->batch, "frames per step")->capture_default_str();
  command->add_option("--lr", c->lr, "Adam's learning rate (cosine decay to a tenth)")->capture_default_str();
  command->add_option("--validation", c->validation, "fraction of the last frames held out")
      ->capture_default_str();
  command->add_option("--seed", c->seed, "initialisation, batch order, chaotic scenes' start")
      ->capture_default_str();
  command->add_option("--threads", c->threads, "threads, 0 = all cores")->capture_default_str();
  command->add_option("--out", c->out, "run directory to create")->capture_default_str();
  auto resume = std::make_shared<std::string>();
  command->add_option("--resume", *resume, "continue the run in this directory from its last checkpoint, exactly");
  command->add_flag("--quiet", *quiet, "no progress bar");
  command->callback([command, c, quiet, resume] {
    autoencode::AutoencodeSummary s;
    try {
      if (resume->empty()) {
        s = autoencode::autoencode(*c, !*quiet);
      } else {
        // The run continues exactly only with the configuration it started with.
        for (const CLI::Option* option : command->get_options())
          require(option->count() == 0 || option->get_name() == "--resume" || option->get_name() == "--quiet",
                  "--resume takes the configuration from " + *resume + "/config.json; drop " + option->get_name());
        s = autoencode::resume_autoencode(*resume, !*quiet);
        c->out = *resume;
      }
    } catch (const run::Interrupted& interrupted) {
      std::fprintf(stderr, "%s\n", interrupted.what());
      std::fflush(nullptr);
      std::exit(128 + interrupted.signal_number());
    }
    std::printf("trained the autoencoder (%lld parameters) on %lld frames in %.1f s: loss %.4g, "
                "validation loss %.4g\n",
                static_cast<long long>(s.parameters), static_cast<long long>(s.frames), s.seconds, s.loss,
                s.validation_loss);
    print_latent_summary(s.decode);
    std::printf("run directory: %s\n", c->out.c_str());
  });
}

}  // namespace flujo::cli
