// flujo autoencode --movie SCENE|DIR: trains the convolutional autoencoder on a movie and scores
// its latent trajectory against the true state.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/autoencode.hpp"

namespace flujo::cli {

void register_autoencode(CLI::App& app) {
  auto* command = app.add_subcommand("autoencode", "Train the convolutional autoencoder on a movie");
  auto c = std::make_shared<autoencode::AutoencodeConfig>();
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--movie", c->movie, "a scene (flujo movie --list) or a directory of PNG/PGM frames")
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
  command->add_option("--epochs", c->epochs, "passes over the training frames")->capture_default_str();
  command->add_option("--batch", c->batch, "frames per step")->capture_default_str();
  command->add_option("--lr", c->lr, "Adam's learning rate (cosine decay to a tenth)")->capture_default_str();
  command->add_option("--validation", c->validation, "fraction of the last frames held out")
      ->capture_default_str();
  command->add_option("--seed", c->seed, "initialisation, batch order, chaotic scenes' start")
      ->capture_default_str();
  command->add_option("--threads", c->threads, "threads, 0 = all cores")->capture_default_str();
  command->add_option("--out", c->out, "run directory to create")->capture_default_str();
  command->add_flag("--quiet", *quiet, "no progress bar");
  command->callback([c, quiet] {
    const autoencode::AutoencodeSummary s = autoencode::autoencode(*c, !*quiet);
    std::printf("trained the autoencoder (%lld parameters) on %lld frames in %.1f s: loss %.4g, "
                "validation loss %.4g\n",
                static_cast<long long>(s.parameters), static_cast<long long>(s.frames), s.seconds, s.loss,
                s.validation_loss);
    if (!s.decode.empty()) {
      std::printf("%-12s %10s %10s %14s %14s\n", "coordinate", "kNN R2", "ridge R2", "pixel PCA kNN",
                  "pixel PCA ridge");
      for (const auto& [name, latent] : s.decode["latent"].items()) {
        const auto& control = s.decode["pixel_pca"][name];
        std::printf("%-12s %10.3f %10.3f %14.3f %14.3f\n", name.c_str(), latent["knn_r2"].get<double>(),
                    latent["ridge_r2"].get<double>(), control["knn_r2"].get<double>(),
                    control["ridge_r2"].get<double>());
      }
      const auto& bars = s.decode["h1_dominant_bars"];
      std::printf("dominant loops (H1 bars): latent %s, pixel PCA %s, true state %s\n",
                  bars["latent"].dump().c_str(), bars["pixel_pca"].dump().c_str(), bars["state"].dump().c_str());
      const auto& trust = s.decode["trustworthiness"];
      const auto& d2 = s.decode["correlation_dimension"];
      std::printf("trustworthiness: latent %s, pixel PCA %s; correlation dimension: latent %s, pixel PCA %s, "
                  "true state %s\n",
                  trust["latent"].dump().c_str(), trust["pixel_pca"].dump().c_str(), d2["latent"].dump().c_str(),
                  d2["pixel_pca"].dump().c_str(), d2["state"].dump().c_str());
    }
    std::printf("run directory: %s\n", c->out.c_str());
  });
}

}  // namespace flujo::cli
