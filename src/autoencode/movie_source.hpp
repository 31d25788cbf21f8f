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

}  // namespace flujo::autoencode
