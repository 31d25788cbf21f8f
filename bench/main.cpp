// flujo_bench_case: runs ONE benchmark case and prints one JSON line on stdout:
//   {"impl": "flujo", "case": ..., "seconds": median of the timed runs after the warm-up,
//    "samples_per_second", "gflops" (analytic FLOPs / seconds), "peak_rss_mib" (getrusage),
//    "blas_core" (the kernel family OpenBLAS chose), "kernel_level" (flujo's, FLUJO_CPU), ...}
// bench/run.py starts it once per repetition, so that peak RSS belongs to one case. Bad options
// print one line on stderr and exit 2, like the flujo CLI.
//
//   flujo_bench_case train --cell lstm --hidden 64 --look-back 40 --windows 40000
//   flujo_bench_case freerun --cell lstm --hidden 64 --starts 100 --steps 2000
//   flujo_bench_case sgemm --size 1024
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <cblas.h>  // openblas_get_corename only: which kernels the measurement ran on
#include <nlohmann/json.hpp>

#include "bench_case.hpp"
#include "flujo/core.hpp"

namespace {

using flujo::bench::CaseOptions;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void add_options(CLI::App& app, CaseOptions& o) {
  app.add_option("kind", o.kind, "train | freerun | sgemm")
      ->required()
      ->check(CLI::IsMember({"train", "freerun", "sgemm"}));
  app.add_option("--cell", o.cell, "rnn | lstm | gru")
      ->check(CLI::IsMember({"rnn", "lstm", "gru"}));
  app.add_option("--hidden", o.hidden, "hidden size H");
  app.add_option("--look-back", o.look_back, "window length (train) or warm-up (freerun)");
  app.add_option("--windows", o.windows, "training windows per epoch");
  app.add_option("--batch", o.batch, "batch size");
  app.add_option("--starts", o.starts, "free-run trajectories");
  app.add_option("--steps", o.steps, "free-run predictions per trajectory");
  app.add_option("--size", o.size, "n of the n×n×n sgemm");
  app.add_option("--warmup-steps", o.warmup_steps, "untimed training batches first");
  app.add_option("--repeats", o.repeats, "timed runs (median reported)")->check(CLI::Range(1, 100));
  app.add_option("--threads", o.threads, "threads for the BLAS and the recurrent kernels")
      ->check(CLI::Range(1, 256));
  app.add_option("--seed", o.seed, "seed of the weights and the batch order");
}

std::string case_name(const CaseOptions& o) {
  if (o.kind == "sgemm") return "sgemm-" + std::to_string(o.size);
  return o.kind + "-" + o.cell + "-" + std::to_string(o.hidden) + "-L" +
         std::to_string(o.look_back);
}

nlohmann::json run_case(const CaseOptions& o) {
  flujo::blas::set_threads(o.threads);
  std::unique_ptr<flujo::bench::Case> bench_case =
      o.kind == "train"     ? flujo::bench::make_training_case(o)
      : o.kind == "freerun" ? flujo::bench::make_free_run_case(o)
                            : flujo::bench::make_sgemm_case(o);
  std::vector<double> seconds;
  for (int r = 0; r < o.repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    bench_case->run_once();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const double s = median(seconds);
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  return {{"impl", "flujo"},
          {"case", case_name(o)},
          {"seconds", s},
          {"all_seconds", seconds},
          {"samples", bench_case->samples()},
          {"samples_per_second", static_cast<double>(bench_case->samples()) / s},
          {"flops", bench_case->flops()},
          {"gflops", bench_case->flops() / s * 1e-9},
          {"peak_rss_mib", peak_rss_mib()},
          {"loss", bench_case->last_loss()},
          {"threads", o.threads},
          {"openblas_coretype", coretype != nullptr ? coretype : ""},
          {"blas_core", openblas_get_corename()},
          {"kernel_level", std::string(flujo::level_name(flujo::kernel_level()))}};
}

}  // namespace

int main(int argc, char** argv) {
  CaseOptions options;
  CLI::App app{"flujo_bench_case: one benchmark case, one JSON line"};
  add_options(app, options);
  try {
    app.parse(argc, argv);
    std::printf("%s\n", run_case(options).dump().c_str());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const flujo::Error& e) {
    std::fprintf(stderr, "flujo_bench_case: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
