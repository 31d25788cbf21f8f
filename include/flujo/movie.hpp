#pragma once
// Movies of dynamical systems for the autoencoders: built-in scenes rendered as grayscale frames
// with the true state of every frame beside them, and a user's frames (images or a video) read
// back. Frames are (N, H, W) float32 in [0, 1], row 0 at the top; a movie directory holds
// frame_00000.png … and state.csv (one row per frame: t and the true coordinates).
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

// A video file (any container and codec FFmpeg decodes): every frame of its first video stream in
// order, converted to 8-bit gray at its own size (libswscale; the luma of a colour video), then
// ÷ 255, centre-cropped and resampled as read_frames does, so that a lossless gray video reads as
// bitwise the same Frames as the PNG folder of its frames. Frames are decoded and resampled one
// at a time. Throws Error naming the file for an empty file or one that is not a video, no video
// stream, a codec FFmpeg cannot decode, a frame the decoder finds damaged or a read error (naming
// the frame), no frames, or frames of different sizes. A file cut short is refused naming its
// last whole frame where the container states the video's length (Matroska does; an MP4 or MOV
// file with its index at the end, FFmpeg's default, is no video at all once cut); where it does
// not (a raw stream, a recording cut off before its length was written), the frames before the
// cut are read as the whole video. Damage that the codec cannot see (FFV1 conceals a slice that
// fails its checksum) is read as it decodes.
Frames read_video(const std::string& path, int64_t size);

}  // namespace flujo::movie
