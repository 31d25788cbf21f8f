// flujo analyze on an autoencode run: the report's pictures, drawn from the run's own files and
// its model. Frames from the held-out end of the movie beside what the decoder makes of them, the
// latent trajectory and the true state in 3-D coloured by the first true coordinate, the training
// curves, and the metrics of metrics.json with the control beside each.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "autoencode/movie_source.hpp"
#include "flujo/analysis.hpp"
#include "flujo/autoencode.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/nn/conv_autoencoder.hpp"
#include "flujo/report.hpp"
#include "run/analysis_report.hpp"
#include "run/run_lock.hpp"

namespace flujo::autoencode {
namespace {

constexpr int64_t kShownInputs = 3;  // frame pairs in the report

report::Heatmap frame_picture(const std::string& title, const float* pixels, int64_t size) {
  report::Heatmap picture{.title = title, .colour_label = "brightness", .colour_scale = "Greys",
                          .show_values = false};
  // Every eighth pixel named: a label per pixel would crowd the axes past reading.
  for (int64_t i = 0; i < size; ++i) {
    picture.row_labels.push_back(i % 8 == 0 ? std::to_string(i) : "");
    picture.column_labels.push_back(i % 8 == 0 ? std::to_string(i) : "");
  }
  picture.values.assign(pixels, pixels + size * size);
  // The decoder's linear last layer may step a little outside [0, 1]: one range for both.
  for (double& v : picture.values) v = std::clamp(v, 0.0, 1.0);
  return picture;
}

// Held-out inputs, evenly spaced, each input's first target frame beside its decoded version.
std::vector<report::Figure> frames_side_by_side(const AutoencodeConfig& config, const movie::Frames& frames,
                                                const std::string& run_dir) {
  ParameterStore store;
  const nn::ConvAutoencoder model(store, {.size = config.size, .frames = config.stack, .width = config.width,
                                          .latent = config.latent, .variational = config.variational});
  const std::string model_path = run_dir + "/model.safetensors";
  load_parameters(store, read_safetensors(model_path), model_path);
  const InputSplit split = split_inputs(config, frames.count);
  std::vector<report::Figure> figures;
  Tape tape;
  tape.set_grad_enabled(false);
  for (int64_t k = 0; k < kShownInputs; ++k) {
    const int64_t input = split.training + k * (split.held_out - 1) / std::max<int64_t>(1, kShownInputs - 1);
    tape.reset();
    const Var x = tape.constant(ConstTensorView{frames.frame(input), Shape{1, config.stack, config.size, config.size}});
    const Var decoded = model.decode(tape, store, model.encode(tape, store, x));
    const int64_t target = input + split.target_offset;
    figures.push_back(frame_picture(fmt::format("frame {} (held out)", target), frames.frame(target), config.size));
    figures.push_back(frame_picture(fmt::format("frame {} decoded", target), decoded.value().data, config.size));
  }
  return figures;
}

double number(const nlohmann::json& json) { return json.is_number() ? json.get<double>() : NAN; }

report::Table metrics_table(const nlohmann::json& decode) {
  report::Table table{.title = "The latent against the true state (the pixels' principal components of the same size: the control)"};
  for (const auto& [coordinate, scores] : decode["latent"].items()) {
    const nlohmann::json& control = decode["pixel_pca"][coordinate];
    table.rows.push_back({"kNN decode R²(" + coordinate + ")", number(scores["knn_r2"]), "", NAN,
                          report::Verdict::none, fmt::format("control {:.3f}", number(control["knn_r2"]))});
    table.rows.push_back({"ridge decode R²(" + coordinate + ")", number(scores["ridge_r2"]), "", NAN,
                          report::Verdict::none, fmt::format("control {:.3f}", number(control["ridge_r2"]))});
  }
  table.rows.push_back({"trustworthiness (k = 10)", number(decode["trustworthiness"]["latent"]), "", NAN,
                        report::Verdict::none,
                        fmt::format("control {:.3f}", number(decode["trustworthiness"]["pixel_pca"]))});
  for (const auto& [key, name] : {std::pair{"correlation_dimension", "correlation dimension"},
                                  std::pair{"intrinsic_dimension", "intrinsic dimension (Levina–Bickel)"},
                                  std::pair{"h1_dominant_bars", "dominant loops (H1 bars)"}}) {
    const nlohmann::json& measure = decode[key];
    table.rows.push_back({name, number(measure["latent"]), "", number(measure["state"]), report::Verdict::none,
                          fmt::format("control {:.3f}; truth floor: the true state's", number(measure["pixel_pca"]))});
  }
  return table;
}

// (rows, 3): a pendulum's (cos θ, sin θ, ω) when the state has them, else its first three columns
// (0 beyond); `axes` gets their names.
std::vector<double> state_cloud(const data::NpyArray& state, const std::vector<std::string>& names,
                                std::vector<std::string>& axes) {
  const int64_t rows = state.shape[0], columns = state.shape.size() > 1 ? state.shape[1] : 1;
  std::vector<int64_t> pick = {0, 1, 2};
  const std::vector<std::string> wanted = {"cos_theta", "sin_theta", "omega"};
  std::vector<int64_t> found;
  for (const std::string& w : wanted)
    for (size_t c = 0; c < names.size(); ++c)
      if (names[c] == w) found.push_back(static_cast<int64_t>(c));
  if (found.size() == 3) pick = found;
  axes.clear();
  for (int64_t c : pick) axes.push_back(c < static_cast<int64_t>(names.size()) ? names[c] : "");
  std::vector<double> cloud(static_cast<size_t>(rows * 3), 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < 3; ++c)
      if (pick[c] < columns) cloud[r * 3 + c] = state.values[r * columns + pick[c]];
  return cloud;
}

}  // namespace

bool is_autoencode_run(const std::string& run_dir) {
  std::error_code error;
  return std::filesystem::exists(run_dir + "/config.json", error) &&
         !std::filesystem::exists(run_dir + "/config.toml", error) &&
         !std::filesystem::exists(run_dir + "/vocabulary.json", error);
}

nlohmann::json analyze_autoencode_run(const std::string& run_dir) {
  const AutoencodeConfig config = read_autoencode_config(run_dir);
  const std::string metrics_path = run_dir + "/metrics.json";
  std::ifstream in(metrics_path);
  require(in.good(), fmt::format("{}: no metrics.json; finish the run first (flujo autoencode --resume {})",
                                 run_dir, run_dir));
  nlohmann::json metrics;
  try {
    metrics = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw Error(metrics_path + ": not JSON");
  }
  const run::RunLock lock(run_dir);
  const MovieSource source = load_movie(config);
  report::Report page{.title = fmt::format("Autoencoder on the {} movie", config.movie),
                      .subtitle = fmt::format("{} frames of {} × {}, latent {}{}, {} epochs; {}", source.frames.count,
                                              config.size, config.size, config.latent,
                                              config.variational ? " (variational)" : "", config.epochs, run_dir)};
  page.sections.push_back({.heading = "Frames",
                           .text = "Held-out frames (the last part of the movie, never trained on) beside what "
                                   "the autoencoder gives back for them.",
                           .figures = frames_side_by_side(config, source.frames, run_dir)});
  const data::NpyArray latent = data::read_npy_array(run_dir + "/latent.npy");
  const int64_t rows = latent.shape[0], dims = latent.shape.size() > 1 ? latent.shape[1] : 1;
  std::vector<double> latent_cloud(static_cast<size_t>(rows * 3), 0.0);
  if (dims > 3) {
    latent_cloud = analysis::fit_pca(latent.values.data(), rows, dims).transform(latent.values.data(), rows, 3);
  } else {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < dims; ++c) latent_cloud[r * 3 + c] = latent.values[r * dims + c];
  }
  std::vector<report::Figure> clouds;
  std::vector<double> colour;
  std::string colour_label;
  const std::vector<std::string> names = metrics.value("state_columns", std::vector<std::string>{});
  if (!names.empty() && std::filesystem::exists(run_dir + "/state.npy")) {
    const data::NpyArray state = data::read_npy_array(run_dir + "/state.npy");
    const int64_t columns = state.shape.size() > 1 ? state.shape[1] : 1;
    colour_label = names.front();
    for (int64_t r = 0; r < rows; ++r) colour.push_back(state.values[r * columns]);
    std::vector<std::string> axes;
    std::vector<double> truth = state_cloud(state, names, axes);
    clouds.push_back(report::Scatter3D{.title = "The true state", .clouds = {{"truth", std::move(truth), colour}},
                                       .colour_label = colour_label, .axis_labels = axes});
  }
  clouds.insert(clouds.begin(),
                report::Scatter3D{.title = dims > 3 ? "The latent trajectory, first three principal components"
                                                    : "The latent trajectory",
                                  .clouds = {{"latent", latent_cloud, colour}},
                                  .colour_label = colour_label,
                                  .axis_labels = {"z1", "z2", "z3"}});
  page.sections.push_back({.heading = "Latent trajectory",
                           .text = "Each input's latent, coloured by the true state's first coordinate; beside it "
                                   "the true state in the same colours. A latent that recreates the flow keeps "
                                   "the colours in the same order along the same shape.",
                           .figures = clouds});
  page.sections.push_back({.heading = "Training",
                           .text = config.variational ? "The objective: mean squared error per pixel plus the "
                                                        "weighted KL term."
                                                      : "Mean squared error per pixel.",
                           .figures = {run::training_curves(run_dir, "objective")}});
  if (metrics.contains("decode") && !metrics["decode"].empty())
    page.sections.push_back({.heading = "Metrics", .text = "", .figures = {metrics_table(metrics["decode"])}});
  report::write_html(page, run_dir + "/report.html");
  return metrics;
}

}  // namespace flujo::autoencode
