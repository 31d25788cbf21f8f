#pragma once
// The pictures of `flujo analyze`: RUN/report.html (interactive, self-contained) and SVG figures
// for slides, drawn from what the analysis computed.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/analysis.hpp"
#include "flujo/report.hpp"
#include "flujo/run.hpp"
#include "run/flow_analysis.hpp"
#include "run/hidden_states.hpp"
#include "run/prepared_data.hpp"

namespace flujo::run {

struct AnalysisFigures {
  const TrainConfig& config;
  const nlohmann::json& flow;
  const HeldOut& held_out;
  const HiddenStates& states;
  const analysis::Pca& pca;
  const std::vector<Representation>& representations;
  const std::vector<double>& generated;  // (S, C) free run, raw units
  const Invariants& invariants;
  int64_t first_row;  // held-out row of the first recorded state
  double dt;
};

void write_analysis_report(const std::string& run_dir, const AnalysisFigures& figures);

// RUN/history.csv's training and validation losses against the epoch (log scale); shared with the
// autoencode report.
report::LinePlot training_curves(const std::string& run_dir, const std::string& y_label);

}  // namespace flujo::run
