// Kernel levels (flujo/core/kernel_level.hpp): names, what the CPU supports, FLUJO_CPU honoured
// (scripts/test.sh runs the whole suite once per supported level, and this test makes sure each
// of those runs is really at its level), switching in one process, and the CLI's refusal of a
// level the CPU lacks. The kernels themselves are checked against their references at every
// level by the rest of the suite.
#include "flujo/core/kernel_level.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "core/ops/recurrent_gates.hpp"
#include "flujo/core/error.hpp"

namespace flujo {
namespace {

// Restores the level a test found.
class LevelScope {
 public:
  LevelScope() : saved_(kernel_level()) {}
  ~LevelScope() { set_kernel_level(saved_); }
  LevelScope(const LevelScope&) = delete;
  LevelScope& operator=(const LevelScope&) = delete;

 private:
  KernelLevel saved_;
};

TEST(KernelLevel, NamesRoundTrip) {
  for (KernelLevel level : {KernelLevel::baseline, KernelLevel::sse4, KernelLevel::avx2,
                            KernelLevel::avx512})
    EXPECT_EQ(parse_level(level_name(level)), level);
  EXPECT_FALSE(parse_level("avx3").has_value());
  EXPECT_FALSE(parse_level("").has_value());
}

// The default build carries the baseline; a -march=native build starts at the build machine's.
TEST(KernelLevel, TheActiveLevelIsAmongTheSupportedOnes) {
  const std::vector<KernelLevel> levels = supported_levels();
  ASSERT_FALSE(levels.empty());
  for (size_t i = 1; i < levels.size(); ++i) EXPECT_LT(levels[i - 1], levels[i]);
  EXPECT_NE(std::find(levels.begin(), levels.end(), kernel_level()), levels.end());
}

TEST(KernelLevel, FollowsFlujoCpuOrTakesTheBest) {
  const char* requested = std::getenv("FLUJO_CPU");
  if (requested && *requested) {
    EXPECT_EQ(level_name(kernel_level()), requested);
  } else {
    EXPECT_EQ(kernel_level(), supported_levels().back());
  }
}

// Every supported level, switched to in turn, computes the free run's head dot product within
// rounding of the exact sum; the active level then is the one switched to.
TEST(KernelLevel, EverySupportedLevelRunsInOneProcess) {
  const LevelScope restore;
  std::vector<float> a(37), b(37);
  double exact = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<float>(i % 7) - 3.0f;
    b[i] = 0.25f * static_cast<float>(i % 5);
    exact += static_cast<double>(a[i]) * b[i];
  }
  for (KernelLevel level : supported_levels()) {
    set_kernel_level(level);
    EXPECT_EQ(kernel_level(), level);
    // Every product and partial sum here is a multiple of 1/4 below 2^10: exact in float.
    EXPECT_EQ(ops::dot(a.data(), b.data(), static_cast<int64_t>(a.size())), exact)
        << level_name(level);
  }
}

TEST(KernelLevel, UnsupportedLevelIsRefused) {
  if (kernel_level() == KernelLevel::avx512 || supported_levels().back() == KernelLevel::avx512)
    GTEST_SKIP() << "this CPU runs every level; none is above it";
  EXPECT_THROW(set_kernel_level(KernelLevel::avx512), Error);
}

// The CLI checks FLUJO_CPU before anything else: one line, exit 2.
TEST(KernelLevel, CliRefusesAnUnknownOrUnsupportedLevel) {
  const char* before = std::getenv("FLUJO_CPU");
  const std::string saved = before ? before : "";
  auto run_with = [](const char* value) {
    setenv("FLUJO_CPU", value, 1);
    return testing::run_cli({"env"});
  };
  const testing::CliResult unknown = run_with("avx3");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "flujo: error: FLUJO_CPU=avx3 is not a kernel level (avx512, avx2, sse4 or "
            "baseline)\n");
  EXPECT_TRUE(unknown.out.empty());
  if (supported_levels().back() != KernelLevel::avx512) {
    const testing::CliResult above = run_with("avx512");
    EXPECT_EQ(above.exit_code, 2);
    EXPECT_NE(above.err.find("FLUJO_CPU=avx512 is above what this CPU and build support"),
              std::string::npos)
        << above.err;
  }
  const std::string lowest(level_name(supported_levels().front()));
  const testing::CliResult forced = run_with(lowest.c_str());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("kernel level: " + lowest + " (set by FLUJO_CPU"), std::string::npos)
      << forced.out;
  if (saved.empty()) {
    unsetenv("FLUJO_CPU");
  } else {
    setenv("FLUJO_CPU", saved.c_str(), 1);
  }
}

}  // namespace
}  // namespace flujo
