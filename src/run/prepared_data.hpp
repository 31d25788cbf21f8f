#pragma once
// The data of a run, as train, forecast and analyze all see it: the observed series (raw and
// normalised with training statistics), its chronological splits, and — for built-in systems —
// the true full state on the same time steps, and a fresh trajectory never used in training.
#include <optional>
#include <string>
#include <vector>

#include "flujo/data.hpp"
#include "flujo/run.hpp"

namespace flujo::run {

struct PreparedData {
  data::Series observed;    // (T, C) raw observations
  data::Series normalised;  // (T, C) with the training split's mean and std
  data::Normaliser normaliser;
  data::WindowSpec spec;    // look_back L, horizon = rollout
  data::Splits splits;
  std::optional<data::Series> true_state;  // (T, D) every coordinate, built-in systems only
  double dt = 1.0;                         // time between rows (1 for user files)
};

// Time steps needed so that the three splits together hold `samples` windows.
int64_t steps_for_samples(int64_t samples, int64_t look_back, int64_t horizon);

PreparedData prepare_data(const TrainConfig& config);

// Observed (and true) rows of a built-in system's independent trajectory: a different seed, the
// same attractor. For user files, the test split of the file (variant 2: the validation split).
struct HeldOut {
  data::Series observed;                   // raw
  std::optional<data::Series> true_state;
};
// `variant` picks one of several independent trajectories (1, 2, …): analyze compares the model
// against variant 1 and measures the truth-vs-truth floor between variants 1 and 2.
HeldOut held_out_trajectory(const TrainConfig& config, int64_t steps, uint64_t variant = 1);

// The observed channels' names, parsed from config.observe or config.columns.
std::vector<std::string> split_list(const std::string& text);

}  // namespace flujo::run
