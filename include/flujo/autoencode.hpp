#pragma once
// flujo autoencode: the convolutional autoencoder (flujo/nn/conv_autoencoder.hpp) trained on a
// movie — a built-in scene rendered on the fly or a folder of frames — and its latent trajectory
// scored against the true state when the movie has one (a scene, or a folder with the state.csv
// that `flujo movie` writes). The run directory holds config.json, model.safetensors,
// history.csv, metrics.json, latent.npy (inputs, Z; input i is frames i … i + stack − 1, its
// latent the state at its last frame) and, when known, state.npy (the same rows' true state;
// metrics.json names the coordinates).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace flujo::autoencode {

struct AutoencodeConfig {
  std::string movie = "pendulum";  // a scene (flujo movie --list) or a directory of frames
  int64_t frames = 4000;           // scenes: frames to render
  int64_t size = 64;               // frames are resampled to size × size (a multiple of 8)
  int64_t energies = 1;            // the pendulum scene: runs at this many energies
  double dt = 0.0;                 // scenes: time between frames; 0: the scene's default
  int64_t stack = 2;               // consecutive frames per input: two carry the velocity
  // What the decoder gives back: "next", the `stack` frames after the input (the latent must then
  // hold the velocity: on a pendulum, kNN R² of ω 0.99 against 0.34 when it gives back "input",
  // the input's own frames), or "input".
  std::string target = "next";
  int64_t width = 16;              // the first convolution's channels
  int64_t latent = 3;
  // The variational autoencoder (a posterior mean and variance per input, the latent analysed
  // is the mean) and the weight β of its KL term against the mean squared error per pixel.
  bool variational = false;
  double kl_weight = 1e-5;
  // The false-nearest-neighbour latent penalty's weight λ (Gilpin 2020; src/autoencode/objective.hpp):
  // each latent coordinate's activity, weighted by how little it unfolds the others. 0: none.
  double fnn_weight = 0.0;
  int64_t epochs = 20;
  int64_t batch = 32;
  double lr = 3e-3;
  double validation = 0.1;         // the movie's last frames held out, this fraction of them
  uint64_t seed = 0;
  int64_t threads = 0;             // 0: all cores
  std::string out = "runs/autoencode";
};

struct AutoencodeSummary {
  int64_t parameters = 0, frames = 0;
  double seconds = 0.0, loss = 0.0, validation_loss = 0.0;
  // Per true coordinate, the latent's k-nearest-neighbour and ridge R² (fitted on the first half
  // of the frames, scored on the second) and the same for the pixels' first Z principal
  // components; empty without a true state.
  nlohmann::json decode;
};

// Throws Error naming the option or file for bad input; nothing is left in `out` then.
// RUN/checkpoint.safetensors is saved atomically after every epoch. SIGINT (Ctrl-C) or SIGTERM
// stops training after the step in progress with a checkpoint and throws run::Interrupted.
AutoencodeSummary autoencode(const AutoencodeConfig& config, bool progress);

// Continues the run in run_dir from RUN/config.json and its checkpoint (from the start when no
// epoch had ended): the result is bitwise identical to a run never stopped, with the thread count
// it started with. Throws Error naming the file when the checkpoint does not fit config.json.
AutoencodeSummary resume_autoencode(const std::string& run_dir, bool progress);

nlohmann::json to_json(const AutoencodeConfig& config);
// RUN/config.json as written by autoencode(); out is run_dir. Throws Error naming the file.
AutoencodeConfig read_autoencode_config(const std::string& run_dir);

// Whether run_dir holds an autoencode run (its config.json, and not a train or words run's files).
bool is_autoencode_run(const std::string& run_dir);
// flujo analyze of an autoencode run: writes RUN/report.html (held-out frames beside their
// decoding, the latent trajectory and the true state in 3-D, the training curves, the metrics)
// and returns RUN/metrics.json. Throws Error naming the file for an unfinished or damaged run.
nlohmann::json analyze_autoencode_run(const std::string& run_dir);

}  // namespace flujo::autoencode
