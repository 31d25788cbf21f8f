#include "autoencode/movie_source.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::autoencode {
namespace {

data::Series without_time(const data::Series& state) {
  std::vector<std::string> names;
  for (int64_t c = 0; c < state.channels(); ++c)
    if (state.channel_names()[c] != "t") names.push_back(state.channel_names()[c]);
  data::Series out(state.time_steps(), names);
  for (int64_t t = 0; t < state.time_steps(); ++t)
    for (size_t n = 0; n < names.size(); ++n)
      out.at(t, static_cast<int64_t>(n)) = state.at(t, state.channel_index(names[n]));
  return out;
}

bool is_scene(const std::string& name) {
  for (const movie::Scene& scene : movie::scenes())
    if (scene.name == name) return true;
  return false;
}

}  // namespace

MovieSource load_movie(const AutoencodeConfig& c) {
  if (is_scene(c.movie)) {
    const movie::Movie rendered = movie::render(
        {.scene = c.movie, .frames = c.frames, .size = c.size, .dt = c.dt, .energies = c.energies, .seed = c.seed});
    return {rendered.frames, without_time(rendered.state)};
  }
  std::error_code error;
  namespace fs = std::filesystem;
  std::string scenes;
  for (const movie::Scene& scene : movie::scenes()) scenes += (scenes.empty() ? "" : ", ") + scene.name;
  const bool folder = fs::is_directory(c.movie, error);
  const bool video = !folder && fs::is_regular_file(c.movie, error);
  require(folder || video,
          fmt::format("--movie {}: neither a scene ({}) nor a directory of frames or a video file", c.movie,
                      scenes));
  MovieSource source{folder ? movie::read_frames(c.movie, c.size) : movie::read_video(c.movie, c.size),
                     std::nullopt};
  // A video's true state, when there is one, lies beside it under its own stem (clip.mkv:
  // clip.csv), a video having no folder of its own to hold a state.csv.
  const std::string state_path =
      folder ? c.movie + "/state.csv" : fs::path(c.movie).replace_extension(".csv").string();
  if (fs::exists(state_path, error)) {
    const data::Series state = data::read_csv(state_path);
    require(state.time_steps() == source.frames.count,
            fmt::format("{}: {} rows for {} frames", state_path, state.time_steps(), source.frames.count));
    source.state = without_time(state);
  }
  return source;
}

InputSplit split_inputs(const AutoencodeConfig& c, int64_t frame_count) {
  InputSplit split{.target_offset = c.target == "next" ? c.stack : 0};
  split.inputs = frame_count - c.stack + 1 - split.target_offset;
  split.held_out = std::max<int64_t>(1, std::llround(c.validation * static_cast<double>(split.inputs)));
  split.training = split.inputs - split.held_out;
  require(split.training >= 1, fmt::format("--movie {}: {} frames leave no input of {} to train on", c.movie,
                                           frame_count, c.stack + split.target_offset));
  return split;
}

}  // namespace flujo::autoencode
