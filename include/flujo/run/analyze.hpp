#pragma once
// flujo analyze as a library call: does the trained model's state recreate the flow?
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace flujo::run {

struct AnalyzeOptions {
  int64_t points = 4000;           // held-out time steps whose hidden states are recorded
  int64_t neighbours = 10;         // k of trustworthiness, continuity, false neighbours, kNN readout
  int64_t neighbour_points = 2000; // evenly spaced points the neighbourhood metrics use
  int64_t free_run_steps = 20000;  // length of the free run the invariants are measured on
  std::string export_dir;          // when set: hidden states, inputs, true state as .npy
  bool report = true;              // write RUN/report.html and the SVG figures
};

// Records the trained network's hidden states over a held-out trajectory, compares them (and the
// controls: the raw input window and a delay embedding) with the true state, runs the network
// free and measures the invariants of what it generates against the truth and the truth-vs-truth
// floor. Writes RUN/flow.json (returned) and, unless disabled, RUN/report.html.
nlohmann::json analyze_run(const std::string& run_dir, const AnalyzeOptions& options);

}  // namespace flujo::run
