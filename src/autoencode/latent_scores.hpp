#pragma once
// How well a movie's latent trajectory decodes its true state, beside the pixels' principal
// components of the same size (the control). Frames alternate in blocks of 100 between the
// fitting half and the scored half: both halves see every part of the movie (all energies of a
// pendulum movie), and a scored frame's nearest fitting frames are not its own neighbours in time
// except at block edges. Targets are standardised per coordinate.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/data.hpp"
#include "flujo/movie.hpp"

namespace flujo::autoencode {

// {"latent": {coordinate: {"knn_r2", "ridge_r2"}}, "pixel_pca": {…}, "h1_dominant_bars":
// {"latent", "pixel_pca", "state"}, "trustworthiness": {"latent", "pixel_pca"} (k = 10, against the
// standardised true state), "correlation_dimension": {"latent", "pixel_pca", "state"} (null
// without a scaling region), "intrinsic_dimension": {"latent", "pixel_pca", "state"} (Levina–Bickel;
// null when undefined)}; latent is (rows, dims) for
// the state's rows, which are frames first_frame, first_frame + 1, … of the movie (the control's
// pixels: those frames alone).
nlohmann::json score_latent(const std::vector<double>& latent, int64_t dims, const data::Series& state,
                            const movie::Frames& frames, int64_t first_frame);

}  // namespace flujo::autoencode
