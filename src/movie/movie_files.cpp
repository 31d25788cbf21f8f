// A movie directory written whole or not at all, and a user's folder of frames read back.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/movie.hpp"
#include "movie/image_io.hpp"

namespace flujo::movie {
namespace {

namespace fs = std::filesystem;

void write_state(const data::Series& state, const std::string& path) {
  std::ofstream out(path);
  require(out.good(), fmt::format("{}: cannot write", path));
  std::string text;
  for (int64_t c = 0; c < state.channels(); ++c) text += (c ? "," : "") + state.channel_names()[c];
  text += '\n';
  for (int64_t t = 0; t < state.time_steps(); ++t) {
    for (int64_t c = 0; c < state.channels(); ++c) text += fmt::format("{}{}", c ? "," : "", state.at(t, c));
    text += '\n';
  }
  out << text;
  require(out.flush().good(), fmt::format("{}: cannot write", path));
}

bool is_frame_file(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
  return extension == ".png" || extension == ".pgm";
}

}  // namespace

void write_movie(const Movie& movie, const std::string& dir) {
  std::error_code error;
  require(!fs::exists(dir, error), fmt::format("--out {}: already exists; give a new directory", dir));
  const std::string partial = dir + ".partial";
  fs::remove_all(partial, error);
  require(fs::create_directories(partial, error), fmt::format("--out {}: cannot create ({})", dir, error.message()));
  try {
    const Frames& f = movie.frames;
    for (int64_t i = 0; i < f.count; ++i)
      write_png(fmt::format("{}/frame_{:05d}.png", partial, i), f.frame(i), f.height, f.width);
    write_state(movie.state, partial + "/state.csv");
    fs::rename(partial, dir, error);
    require(!error, fmt::format("--out {}: cannot move the finished movie into place ({})", dir, error.message()));
  } catch (...) {
    fs::remove_all(partial, error);
    throw;
  }
}

Frames read_frames(const std::string& dir, int64_t size) {
  require(size >= 8 && size <= 1024, fmt::format("--size must be 8 to 1024, got {}", size));
  std::error_code error;
  require(fs::is_directory(dir, error), fmt::format("{}: not a directory of frames", dir));
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error))
    if (entry.is_regular_file() && is_frame_file(entry.path())) files.push_back(entry.path());
  require(!error, fmt::format("{}: cannot list ({})", dir, error.message()));
  require(!files.empty(), fmt::format("{}: no .png or .pgm frames in it", dir));
  std::sort(files.begin(), files.end());
  Frames frames{static_cast<int64_t>(files.size()), size, size, {}};
  frames.pixels.reserve(static_cast<size_t>(frames.count * size * size));
  int64_t height = 0, width = 0;
  for (const fs::path& file : files) {
    const Image image = read_image(file.string());
    if (height == 0) {
      height = image.height, width = image.width;
    }
    require(image.height == height && image.width == width,
            fmt::format("{}: {}×{} pixels where the first frame ({}) has {}×{}", file.string(),
                        image.width, image.height, files.front().filename().string(), width, height));
    const std::vector<float> square = square_resample(image, size);
    frames.pixels.insert(frames.pixels.end(), square.begin(), square.end());
  }
  return frames;
}

}  // namespace flujo::movie
