// Kernel levels on top of Highway's dynamic dispatch: every kernel file (src/core/ops/*.cpp that
// include hwy/foreach_target.h) is compiled once per Highway target, and HWY_DYNAMIC_DISPATCH
// calls the best target among hwy::SupportedTargets(). Forcing a level narrows that set to the
// level and the ones below it, so every kernel switches at once.
#include "flujo/core/kernel_level.hpp"

#include <cstdlib>
#include <string>

#include "flujo/core/error.hpp"
#include "hwy/highway.h"
#include "hwy/targets.h"

namespace flujo {
namespace {

constexpr KernelLevel kLevels[] = {KernelLevel::baseline, KernelLevel::sse4, KernelLevel::avx2,
                                   KernelLevel::avx512};

// HWY_BASELINE_SCALAR is the portable fallback every build carries (HWY_SCALAR on GCC < 12.3,
// HWY_EMU128 elsewhere).
int64_t target_of(KernelLevel level) {
  switch (level) {
    case KernelLevel::avx512: return HWY_AVX3;
    case KernelLevel::avx2: return HWY_AVX2;
    case KernelLevel::sse4: return HWY_SSE4;
    case KernelLevel::baseline: break;
  }
  return HWY_BASELINE_SCALAR;
}

// What the CPU supports among the targets compiled in, read before any narrowing. A
// -march=native build compiles only the build machine's level and those above it.
int64_t available_targets() {
  static const int64_t targets = [] {
    hwy::SetSupportedTargetsForTest(0);
    return hwy::SupportedTargets() & HWY_TARGETS;
  }();
  return targets;
}

bool is_supported(KernelLevel level) { return (available_targets() & target_of(level)) != 0; }

std::string supported_names() {
  std::string names;
  for (KernelLevel level : supported_levels())
    names += (names.empty() ? "" : ", ") + std::string(level_name(level));
  return names;
}

// Narrows Highway's dispatch to `level` and below (a lower bit is a wider target).
void apply(KernelLevel level) {
  const int64_t target = target_of(level);
  hwy::SetSupportedTargetsForTest(available_targets() & ~(target - 1));
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
}

KernelLevel best_supported() {
  KernelLevel best = KernelLevel::baseline;
  for (KernelLevel level : kLevels)
    if (is_supported(level)) best = level;
  return best;
}

KernelLevel& active() {
  static KernelLevel level = [] {
    KernelLevel chosen = best_supported();
    if (const char* requested = std::getenv("FLUJO_CPU"); requested && *requested) {
      const std::optional<KernelLevel> parsed = parse_level(requested);
      require(parsed.has_value(), "FLUJO_CPU=" + std::string(requested) +
                                      " is not a kernel level (avx512, avx2, sse4 or baseline)");
      require(is_supported(*parsed), "FLUJO_CPU=" + std::string(requested) +
                                         " is above what this CPU and build support (" +
                                         supported_names() + ")");
      chosen = *parsed;
    }
    apply(chosen);
    return chosen;
  }();
  return level;
}

}  // namespace

std::string_view level_name(KernelLevel level) {
  switch (level) {
    case KernelLevel::avx512: return "avx512";
    case KernelLevel::avx2: return "avx2";
    case KernelLevel::sse4: return "sse4";
    case KernelLevel::baseline: break;
  }
  return "baseline";
}

std::optional<KernelLevel> parse_level(std::string_view name) {
  for (KernelLevel level : kLevels)
    if (level_name(level) == name) return level;
  return std::nullopt;
}

std::vector<KernelLevel> supported_levels() {
  std::vector<KernelLevel> levels;
  for (KernelLevel level : kLevels)
    if (is_supported(level)) levels.push_back(level);
  return levels;
}

KernelLevel kernel_level() { return active(); }

void set_kernel_level(KernelLevel level) {
  require(is_supported(level), "kernel level " + std::string(level_name(level)) +
                                   " is not supported here (" + supported_names() + ")");
  active() = level;
  apply(level);
}

}  // namespace flujo
