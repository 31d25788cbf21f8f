// The tape's bookkeeping: a Var kept past reset() is caught where assertions are on, and the
// training flag starts off.
#include "flujo/core/tape.hpp"

#include <gtest/gtest.h>

namespace flujo {
namespace {

TEST(Tape, AVarMadeSinceTheLastResetReadsItsNode) {
  Tape tape;
  tape.make(Shape{4}, false);
  tape.reset();
  const Var fresh = tape.make(Shape{2, 3}, true);
  EXPECT_EQ(fresh.shape(), (Shape{2, 3}));
  EXPECT_TRUE(fresh.requires_grad());
}

TEST(TapeDeathTest, AVarKeptPastResetStopsABuildWithAssertions) {
#ifdef NDEBUG
  GTEST_SKIP() << "assertions are off in this build (Release); the sanitizer build, which keeps "
                  "them, runs this test";
#else
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Tape tape;
        const Var stale = tape.make(Shape{4}, false);
        tape.reset();
        tape.make(Shape{7}, false);  // the same node index, another step's node
        (void)stale.shape();
      },
      "after tape.reset");
#endif
}

TEST(Tape, TrainingIsOffUntilTurnedOn) {
  Tape tape;
  EXPECT_FALSE(tape.training());
  tape.set_training(true);
  tape.reset();  // the flag belongs to the tape, not to a step
  EXPECT_TRUE(tape.training());
}

}  // namespace
}  // namespace flujo
