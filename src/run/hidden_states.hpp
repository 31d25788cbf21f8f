#pragma once
// What a trained model generates when it runs free, in its own state space: the attractor it
// draws (its predictions and recorded states) and how fast nearby states separate (the largest
// Lyapunov exponent of the autonomous model). Both go through the model's stepper, so they work
// for every model that has one.
#include <cstdint>
#include <vector>

#include "flujo/data.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {

// The model run free after a warm-up on rows [0, L): its predictions (steps, C), normalised, and
// its recorded states (steps, W).
struct FreeRun {
  std::vector<double> predictions;
  HiddenStates states;
};
FreeRun free_run_with_states(Model& model, const data::Series& normalised, int64_t look_back,
                             int64_t steps);

struct FreeRunLyapunovOptions {
  int64_t steps = 20000;         // free-running steps averaged over
  int64_t transient = 1000;      // steps run before averaging starts
  int64_t renormalise_every = 10;
  double separation = 1e-4;      // distance kept between the two trajectories (state units)
};

// Largest Lyapunov exponent (per time unit: divided by dt) of the model run free after a warm-up
// on rows [0, L) of the series: two-trajectory Benettin in the space of the stepper's whole state
// and its last prediction (the next input).
double free_run_lyapunov(Model& model, const data::Series& normalised, int64_t look_back,
                         double dt, const FreeRunLyapunovOptions& options);

}  // namespace flujo::run
