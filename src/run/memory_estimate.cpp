#include "run/memory_estimate.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {
namespace {

// MemAvailable from /proc/meminfo (the kernel's estimate of what can be allocated without
// swapping), or -1 when it cannot be read.
int64_t available_bytes() {
  std::ifstream in("/proc/meminfo");
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("MemAvailable:")) continue;
    std::istringstream fields(line.substr(13));
    int64_t kib = -1;
    fields >> kib;
    return kib < 0 ? -1 : kib * 1024;
  }
  return -1;
}

double gib(double bytes) { return bytes / (1024.0 * 1024.0 * 1024.0); }

}  // namespace

void require_memory_fits(const TrainConfig& config, const PreparedData& prepared) {
  const ModelKind& kind = find_model(config.model);
  const int64_t available = available_bytes();
  if (!kind.training_bytes || available < 0) return;
  const double training = static_cast<double>(
      kind.training_bytes(config, prepared.observed.channels(), prepared.splits.train.size()));
  // The series is already in memory; its windows are views. Counted so the total is honest.
  double series = 2.0 * static_cast<double>(prepared.observed.values().size());
  if (prepared.true_state) series += static_cast<double>(prepared.true_state->values().size());
  series *= sizeof(double);
  require(training + series <= static_cast<double>(available),
          fmt::format("the run needs about {:.1f} GiB ({} training {:.1f} GiB, the series {:.1f} "
                      "GiB) and {:.1f} GiB of memory are available; lower --hidden, --layers, "
                      "--batch, --look-back, --rollout or --samples",
                      gib(training + series), config.model, gib(training), gib(series),
                      gib(static_cast<double>(available))));
}

}  // namespace flujo::run
