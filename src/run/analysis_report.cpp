#include "run/analysis_report.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "flujo/report.hpp"

namespace flujo::run {
namespace {

using report::Verdict;

double number(const nlohmann::json& json, const std::string& key) {
  return json.contains(key) && json[key].is_number() ? json[key].get<double>() : NAN;
}

// Columns a, b, c of a row-major (rows, dims) array as an (rows, 3) cloud; missing columns are 0.
std::vector<double> three_columns(const std::vector<double>& points, int64_t dims, int64_t rows) {
  std::vector<double> out(static_cast<size_t>(rows * 3), 0.0);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t c = 0; c < std::min<int64_t>(dims, 3); ++c) out[i * 3 + c] = points[i * dims + c];
  return out;
}

const Representation& find(const std::vector<Representation>& all, const std::string& name) {
  for (const Representation& r : all)
    if (r.name == name) return r;
  return all.front();
}

report::PersistenceDiagram diagram(const std::string& title, const std::vector<analysis::PersistencePair>& pairs) {
  report::PersistenceDiagram d{.title = title};
  for (int dimension = 0; dimension <= 1; ++dimension) {
    report::PersistencePairs p{.dimension = dimension};
    for (const analysis::PersistencePair& pair : pairs)
      if (pair.dimension == dimension) {
        p.birth.push_back(pair.birth);
        p.death.push_back(pair.death);
      }
    d.dimensions.push_back(p);
  }
  return d;
}

report::Table metrics_table(const nlohmann::json& flow, bool has_truth) {
  report::Table table{.title = "Metrics of the map and of the free run"};
  auto verdict = [](bool ok) { return ok ? Verdict::pass : Verdict::fail; };
  if (has_truth) {
    for (const char* name : {"hidden", "hidden_pca", "input_window_pca", "input_window", "delay"}) {
      if (!flow.contains(name)) continue;
      const nlohmann::json& r = flow[name];
      const bool control = std::string(name).starts_with("input_window") || std::string(name) == "delay";
      for (const char* coordinate : {"x", "y", "z"}) {
        const double r2 = number(r["decode_r2"], coordinate);
        const bool sharp = std::string(coordinate) == "z";
        table.rows.push_back({std::string(name) + " decode R²(" + coordinate + ")", r2,
                              control ? (sharp ? "< 0.1 (control)" : "") : (sharp ? "≥ 0.95" : "≥ 0.99"), NAN,
                              control ? (sharp ? verdict(r2 < 0.1) : Verdict::none)
                                      : verdict(r2 >= (sharp ? 0.95 : 0.99)),
                              sharp && !control ? "the unobserved coordinate" : ""});
      }
      if (!control)
        for (const char* coordinate : {"x", "y", "z"})
          table.rows.push_back({std::string(name) + " decode kNN R²(" + coordinate + ")",
                                number(r["decode_knn_r2"], coordinate), "", NAN, Verdict::none,
                                "mean of the 10 nearest states of the first half"});
      table.rows.push_back({std::string(name) + " trustworthiness", number(r, "trustworthiness"),
                            control ? "" : "≥ 0.95", NAN,
                            control ? Verdict::none : verdict(number(r, "trustworthiness") >= 0.95), "k = 10"});
      table.rows.push_back({std::string(name) + " continuity", number(r, "continuity"), control ? "" : "≥ 0.95", NAN,
                            control ? Verdict::none : verdict(number(r, "continuity") >= 0.95), "k = 10"});
    }
  }
  if (!flow.contains("free_run")) return table;  // a model that does not run free
  const nlohmann::json& f = flow["free_run"];
  const nlohmann::json& t = flow["truth"];
  const double lyapunov = number(f, "lyapunov_max"), true_lyapunov = number(t, "lyapunov_max");
  table.rows.push_back({"free run λmax", lyapunov, "within ±10% of the truth", true_lyapunov,
                        std::isfinite(true_lyapunov) ? verdict(std::abs(lyapunov / true_lyapunov - 1) <= 0.1)
                                                     : Verdict::none,
                        "floor column: the system's λ1"});
  // In the true coordinates (decoded free run against the true state) the bar is the truth ± 0.10
  // (Lorenz: 2.05 ± 0.10); without a true state the two sit in different spaces: no verdict.
  const double d2 = number(f, "correlation_dimension");
  const double true_d2 = number(t, "correlation_dimension");
  const std::string d2_space = f.value("correlation_dimension_space", std::string());
  table.rows.push_back({"free run correlation dimension", d2, has_truth ? "truth ± 0.10" : "",
                        true_d2,
                        has_truth ? verdict(std::abs(d2 - true_d2) <= 0.10) : Verdict::none,
                        d2_space + "; floor column: the true attractor"});
  table.rows.push_back({"free run correlation dimension (hidden space)",
                        number(f, "correlation_dimension_hidden"), "", true_d2, Verdict::none,
                        "principal components with 99% of the variance"});
  table.rows.push_back({"free run correlation dimension (delay embedding)",
                        number(f, "correlation_dimension_delay"), "",
                        number(t, "correlation_dimension_delay"), Verdict::none,
                        "3-D delay embedding of x; floor: an independent truth's"});
  table.rows.push_back({"free run D_stsp", number(f, "d_stsp"), "≤ 2 × floor", number(t, "d_stsp_floor"),
                        verdict(number(f, "d_stsp") <= 2 * number(t, "d_stsp_floor")), "3-D delay space, 30 bins/axis"});
  table.rows.push_back({"free run D_H", number(f, "d_h"), "≤ 0.10", number(t, "d_h_floor"),
                        verdict(number(f, "d_h") <= 0.10), "power spectra, σ = 20"});
  table.rows.push_back({"free run dominant H1 bars", number(f, "h1_dominant_bars"), "= truth",
                        number(t, "h1_dominant_bars"),
                        verdict(number(f, "h1_dominant_bars") == number(t, "h1_dominant_bars")), "persistent homology"});
  table.rows.push_back({"bottleneck distance H1 (truth vs free run)", number(f, "bottleneck_h1"), "≈ floor",
                        number(t, "bottleneck_h1_floor"), Verdict::none, "floor: truth vs an independent truth"});
  return table;
}

}  // namespace

report::LinePlot training_curves(const std::string& run_dir, const std::string& y_label) {
  report::LinePlot plot{.title = "Training", .x_label = "epoch", .y_label = y_label, .log_y = true};
  report::Series loss{.name = "training loss"}, validation{.name = "validation loss", .dashed = true};
  std::ifstream in(run_dir + "/history.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string epoch, l, v;
    std::getline(row, epoch, ',');
    std::getline(row, l, ',');
    std::getline(row, v, ',');
    plot.x.push_back(std::stod(epoch));
    loss.y.push_back(std::stod(l));
    validation.y.push_back(std::stod(v));
  }
  plot.series = {loss, validation};
  return plot;
}

void write_analysis_report(const std::string& run_dir, const AnalysisFigures& in) {
  const int64_t points = in.states.count;
  const bool has_truth = in.held_out.true_state.has_value();
  // Colour every cloud by the same variable at the same time steps: z for a built-in system, the
  // first observed channel otherwise.
  const data::Series& colour_source = has_truth ? *in.held_out.true_state : in.held_out.observed;
  const int64_t colour_channel = colour_source.channels() >= 3 ? 2 : 0;
  const std::string colour_label = colour_source.channel_names()[colour_channel] + "(t)";
  std::vector<double> colour(static_cast<size_t>(points));
  for (int64_t i = 0; i < points; ++i) colour[i] = colour_source.at(in.first_row + i, colour_channel);

  report::Report page{.title = "flujo — does the network recreate the flow?",
                      .subtitle = in.config.model + " " + std::to_string(in.config.hidden) + " on " +
                                  (in.config.data_file.empty() ? in.config.system + " observed through " + in.config.observe
                                                               : in.config.data_file)};
  std::vector<report::Figure> clouds;
  if (has_truth) {
    std::vector<double> truth(static_cast<size_t>(points * 3));
    for (int64_t i = 0; i < points; ++i)
      for (int64_t c = 0; c < 3 && c < in.held_out.true_state->channels(); ++c)
        truth[i * 3 + c] = in.held_out.true_state->at(in.first_row + i, c);
    clouds.push_back(report::Scatter3D{.title = "True attractor", .clouds = {{"truth", truth, colour}},
                                       .colour_label = colour_label});
  }
  const Representation& delay = find(in.representations, "delay");
  clouds.push_back(report::Scatter3D{.title = "Delay embedding of the observed signal (a control)",
                                     .clouds = {{"delay", three_columns(delay.points, delay.dims, points), colour}},
                                     .colour_label = colour_label,
                                     .axis_labels = {"x(t)", "x(t−τ)", "x(t−2τ)"}});
  const Representation& pca = find(in.representations, "hidden_pca");
  clouds.push_back(report::Scatter3D{.title = "Hidden states, first three principal components",
                                     .clouds = {{"hidden PCA", three_columns(pca.points, pca.dims, points), colour}},
                                     .colour_label = colour_label,
                                     .axis_labels = {"PC1", "PC2", "PC3"}});
  page.sections.push_back({"The flow and its reconstructions",
                           "Each point is one time step of a held-out trajectory, coloured by " + colour_label +
                               " at that step. If the network's hidden states recreate the flow, the same colours "
                               "sit in the same places of the attractor's shape.",
                           clouds});

  // The free run against the truth from the same start (for a model that runs free).
  const bool runs_free = !in.generated.empty();
  const int64_t channels = in.held_out.observed.channels();
  const int64_t shown = std::min<int64_t>(static_cast<int64_t>(in.generated.size()) / channels, 1500);
  report::LinePlot forecast{.title = "Free run against the truth", .x_label = "time", .y_label =
                            in.held_out.observed.channel_names()[0]};
  report::Series truth_line{.name = "truth"}, model_line{.name = "network, run free", .dashed = true};
  for (int64_t t = 0; t < shown; ++t) {
    forecast.x.push_back((t + 1) * in.dt);
    truth_line.y.push_back(in.held_out.observed.at(in.config.look_back + t, 0));
    model_line.y.push_back(in.generated[t * channels]);
  }
  forecast.series = {truth_line, model_line};
  const report::LinePlot training = training_curves(run_dir, "MSE (normalised)");
  if (runs_free) {
    page.sections.push_back({"Prediction", "After a warm-up on the true look_back window the network feeds its own "
                                           "predictions back; chaos separates it from the truth within a few Lyapunov times.",
                             {forecast, training}});
    page.sections.push_back({"Topology", "Persistence diagrams (H0: components, H1: loops) of the true attractor and of "
                                         "the delay embedding of the free-running signal.",
                             {diagram("True attractor", in.invariants.truth_diagram),
                              diagram("Free run (delay embedding)", in.invariants.generated_diagram)}});
  } else {
    page.sections.push_back({"Training", "This model does not run free: it is scored on the states it records.",
                             {training}});
  }
  page.sections.push_back({"Metrics", "Each value beside its goal and, where it applies, the same measure of the "
                                      "truth against an independent true trajectory (the floor).",
                           {metrics_table(in.flow, has_truth)}});
  report::write_html(page, run_dir + "/report.html");
  if (runs_free) report::write_svg_lines(forecast, run_dir + "/forecast.svg");
  report::write_svg_lines(training, run_dir + "/training.svg");
  for (const report::Figure& figure : page.sections.front().figures) {
    const auto& scatter = std::get<report::Scatter3D>(figure);
    const std::string name = scatter.clouds.front().name == "truth" ? "attractor"
                             : scatter.clouds.front().name == "delay" ? "delay_embedding" : "hidden_pca";
    report::write_svg_projection(scatter, 0, scatter.clouds.front().name == "hidden PCA" ? 1 : 2,
                                 run_dir + "/" + name + ".svg");
  }
}

}  // namespace flujo::run
