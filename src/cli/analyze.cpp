// flujo analyze RUN: hidden states against the true state, the free run's invariants against the
// truth, flow.json and the report.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flujo/autoencode.hpp"
#include "flujo/core/error.hpp"
#include "flujo/run.hpp"

namespace flujo::cli {
namespace {

std::string number(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || !json[key].is_number()) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", json[key].get<double>());
  return text;
}

}  // namespace

void print_flow_summary(const nlohmann::json& flow) {
  std::printf("%-16s %8s %8s %8s %8s %8s %8s %8s %8s\n", "representation", "R2(x)", "R2(y)", "R2(z)",
              "kNN(x)", "kNN(y)", "kNN(z)", "trust", "contin.");
  const nlohmann::json none = nlohmann::json::object();
  for (const char* name : {"hidden", "hidden_pca", "input_window_pca", "input_window", "delay"}) {
    if (!flow.contains(name)) continue;
    const nlohmann::json& r = flow[name];
    const nlohmann::json& ridge = r.contains("decode_r2") ? r["decode_r2"] : none;
    const nlohmann::json& knn = r.contains("decode_knn_r2") ? r["decode_knn_r2"] : none;
    std::printf("%-16s %8s %8s %8s %8s %8s %8s %8s %8s\n", name, number(ridge, "x").c_str(),
                number(ridge, "y").c_str(), number(ridge, "z").c_str(), number(knn, "x").c_str(),
                number(knn, "y").c_str(), number(knn, "z").c_str(), number(r, "trustworthiness").c_str(),
                number(r, "continuity").c_str());
  }
  for (const auto& note : flow["notes"]) std::printf("note: %s\n", note.get<std::string>().c_str());
  if (!flow.contains("free_run")) return;
  const nlohmann::json& f = flow["free_run"];
  const nlohmann::json& t = flow["truth"];
  std::printf("free run: λmax %s (truth %s)  D2 %s (truth %s)  D_stsp %s (floor %s)  D_H %s (floor %s)  "
              "H1 bars %s (truth %s)\n",
              number(f, "lyapunov_max").c_str(), number(t, "lyapunov_max").c_str(),
              number(f, "correlation_dimension").c_str(), number(t, "correlation_dimension").c_str(),
              number(f, "d_stsp").c_str(), number(t, "d_stsp_floor").c_str(), number(f, "d_h").c_str(),
              number(t, "d_h_floor").c_str(), f.value("h1_dominant_bars", nlohmann::json()).dump().c_str(),
              t.value("h1_dominant_bars", nlohmann::json()).dump().c_str());
}

void register_analyze(CLI::App& app) {
  auto* command = app.add_subcommand("analyze", "Measure how the hidden states recreate the flow; write the report");
  auto run_dir = std::make_shared<std::string>();
  auto options = std::make_shared<run::AnalyzeOptions>();
  auto no_report = std::make_shared<bool>(false);
  command->add_option("run", *run_dir, "run directory written by flujo train or flujo autoencode")->required();
  command->add_option("--export", options->export_dir, "also write hidden states, inputs and true state as .npy here");
  command->add_option("--points", options->points, "held-out time steps recorded; default 4000")
      ->check(CLI::PositiveNumber);
  command->add_option("--neighbours", options->neighbours, "k of the neighbourhood metrics; default 10")
      ->check(CLI::PositiveNumber);
  command->add_option("--free-run-steps", options->free_run_steps, "length of the free run; default 20000")
      ->check(CLI::PositiveNumber);
  command->add_flag("--no-report", *no_report, "write flow.json only");
  command->callback([command, run_dir, options, no_report] {
    if (autoencode::is_autoencode_run(*run_dir)) {
      // The latent's scores were measured by flujo autoencode itself (metrics.json); analyze draws them.
      for (const CLI::Option* option : command->get_options())
        require(option->count() == 0 || option->get_name() == "run",
                option->get_name() + " is for runs of flujo train; " + *run_dir +
                    " is an autoencode run, whose scores are in its metrics.json");
      const nlohmann::json metrics = autoencode::analyze_autoencode_run(*run_dir);
      print_latent_summary(metrics.value("decode", nlohmann::json::object()));
      std::printf("written: %s/report.html\n", run_dir->c_str());
      return;
    }
    options->report = !*no_report;
    const nlohmann::json flow = run::analyze_run(*run_dir, *options);
    print_flow_summary(flow);
    std::printf("written: %s/flow.json%s\n", run_dir->c_str(),
                options->report ? (", " + *run_dir + "/report.html").c_str() : "");
  });
}

}  // namespace flujo::cli
