#pragma once
// What `flujo autoencode --movie` names: a built-in scene rendered now (its true state exact), or
// a folder of frames, with the true state of each frame when the folder holds the state.csv that
// `flujo movie` writes. The state's time column t is dropped: it is not a coordinate.
#include <optional>

#include "flujo/autoencode.hpp"
#include "flujo/data.hpp"
#include "flujo/movie.hpp"

namespace flujo::autoencode {

struct MovieSource {
  movie::Frames frames;
  std::optional<data::Series> state;  // (frames, coordinates)
};

// Throws Error naming --movie, the folder or state.csv (and its row count) when they do not fit.
MovieSource load_movie(const AutoencodeConfig& config);

// The movie's inputs: input i is frames i … i + stack − 1, its target the stack frames after it
// (target offset = stack, --target next) or itself (offset 0); the last `held_out` inputs are
// the validation's, the first `training` are trained on. Throws Error when none is left to train on.
struct InputSplit {
  int64_t target_offset = 0, inputs = 0, held_out = 0, training = 0;
};
InputSplit split_inputs(const AutoencodeConfig& config, int64_t frame_count);

}  // namespace flujo::autoencode
