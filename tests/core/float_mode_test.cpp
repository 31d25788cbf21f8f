// flujo/core/float_mode.hpp: inside a FlushToZeroScope a subnormal result becomes zero and a
// subnormal input reads as zero; after it the caller's IEEE behaviour is back. The worker threads
// of core/parallel flush too, so a part computes the same wherever it runs.
#include <gtest/gtest.h>

#include <atomic>
#include <limits>

#include "flujo/core/parallel.hpp"
#include "flujo/core/float_mode.hpp"

namespace flujo {
namespace {

// volatile: the products must happen at run time, under the thread's mode.
float halve(float x) {
  volatile float value = x;
  return value * 0.5f;
}

constexpr float kSmallestNormal = std::numeric_limits<float>::min();

#if defined(__SSE__)
TEST(FloatMode, ScopeFlushesSubnormalsAndRestoresTheMode) {
  const float subnormal = halve(kSmallestNormal);
  ASSERT_GT(subnormal, 0.0f);  // IEEE outside the scope
  {
    const FlushToZeroScope flush_to_zero;
    EXPECT_EQ(halve(kSmallestNormal), 0.0f);  // FTZ: the result
    EXPECT_EQ(halve(subnormal), 0.0f);        // DAZ (and FTZ): the input
    EXPECT_EQ(halve(1.0f), 0.5f);             // normal numbers are untouched
  }
  EXPECT_EQ(halve(kSmallestNormal), subnormal);
}

TEST(FloatMode, WorkerThreadsFlush) {
  std::atomic<int> flushed{0};
  parallel::run(2, [&](int part) {
    if (part == 1 && halve(kSmallestNormal) == 0.0f) flushed = 1;
  });
  EXPECT_EQ(flushed.load(), 1);
}
#endif

}  // namespace
}  // namespace flujo
