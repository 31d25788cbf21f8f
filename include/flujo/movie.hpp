#pragma once
// Movies of dynamical systems for the autoencoders: built-in scenes rendered as grayscale frames
// with the true state of every frame beside them, and a user's frames read back. Frames are
// (N, H, W) float32 in [0, 1], row 0 at the top; a movie directory holds frame_00000.png … and
// state.csv (one row per frame: t and the true coordinates).
//
//   flujo::movie::Movie m = flujo::movie::render({.scene = "pendulum", .frames = 4000});
//   flujo::movie::write_movie(m, "runs/pendulum-movie");
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/data.hpp"

namespace flujo::movie {

struct Frames {
  int64_t count = 0, height = 0, width = 0;
  std::vector<float> pixels;  // (count, height, width)
  const float* frame(int64_t i) const { return pixels.data() + i * height * width; }
};

struct Movie {
  Frames frames;
  data::Series state;  // (count, coordinates): t, then the scene's true coordinates
};

struct RenderOptions {
  std::string scene = "pendulum";
  int64_t frames = 4000;
  int64_t size = 64;     // frames are size × size
  double dt = 0.0;       // time between frames; 0: the scene's default
  int64_t energies = 1;  // pendulum: the movie is this many runs, each at its own energy
  uint64_t seed = 0;     // the driven pendulum's and Lorenz's initial state
};

// The scenes, in listing order, each with one line saying what it shows.
struct Scene {
  std::string name, summary;
};
std::vector<Scene> scenes();

// Simulates the scene's system and draws each sample. Throws Error naming the option for an
// unknown scene or bad options.
Movie render(const RenderOptions& options);

// Writes DIR/frame_%05d.png (8-bit grayscale) and DIR/state.csv. The directory is built beside
// DIR and renamed into place when complete; DIR must not exist.
void write_movie(const Movie& movie, const std::string& dir);

// A folder of PNG or binary PGM (P5) frames, in file-name order, as grayscale, each centre-cropped
// to a square and resampled to size × size (area averaging). Throws Error naming the file for a
// non-image file, a truncated or corrupt image, or frames of different sizes.
Frames read_frames(const std::string& dir, int64_t size);

}  // namespace flujo::movie
