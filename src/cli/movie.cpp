// flujo movie SCENE: renders a built-in scene as grayscale PNG frames with the true state of each
// frame in state.csv, for the autoencoders; flujo movie --list shows the scenes.
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core/error.hpp"
#include "flujo/movie.hpp"

namespace flujo::cli {

void register_movie(CLI::App& app) {
  auto* command = app.add_subcommand("movie", "Render a built-in scene as PNG frames with its true state");
  auto options = std::make_shared<movie::RenderOptions>();
  auto out = std::make_shared<std::string>();
  auto list = std::make_shared<bool>(false);
  command->add_option("scene", options->scene, "the scene (see --list)");
  command->add_flag("--list", *list, "list the scenes");
  command->add_option("--frames", options->frames, "frames to render")->capture_default_str();
  command->add_option("--size", options->size, "frames are SIZE × SIZE pixels")->capture_default_str();
  command->add_option("--dt", options->dt, "time between frames; default per scene (0.1 for the "
                                           "pendulums, 0.02 for lorenz)");
  command->add_option("--energies", options->energies,
                      "pendulum: split the movie into this many runs, each at its own energy")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "the chaotic scenes' initial state")->capture_default_str();
  command->add_option("--out", *out, "directory to create: frame_00000.png …, state.csv");
  command->callback([options, out, list] {
    if (*list) {
      for (const movie::Scene& scene : movie::scenes())
        std::printf("%-16s %s\n", scene.name.c_str(), scene.summary.c_str());
      return;
    }
    require(!out->empty(), "movie: --out DIR is required (the directory to create)");
    const movie::Movie rendered = movie::render(*options);
    movie::write_movie(rendered, *out);
    std::printf("%lld frames of %lld×%lld and state.csv (%s) in %s\n",
                static_cast<long long>(rendered.frames.count), static_cast<long long>(options->size),
                static_cast<long long>(options->size), options->scene.c_str(), out->c_str());
  });
}

}  // namespace flujo::cli
