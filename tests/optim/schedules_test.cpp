// Learning-rate schedules: the closed forms of torch's StepLR and CosineAnnealingLR.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo {
namespace {
// The schedules compute in double; a handful of roundings on values of order 1.
constexpr double kDoubleRounding = 1e-14;

TEST(ConstantSchedule, IsTheSameAtEveryStep) {
  const optim::ConstantSchedule schedule(0.003);
  EXPECT_EQ(schedule.learning_rate(0), 0.003);
  EXPECT_EQ(schedule.learning_rate(12345), 0.003);
}

TEST(StepSchedule, DecaysByGammaEveryStepSize) {
  const optim::StepSchedule schedule(0.1, 10, 0.5);
  EXPECT_NEAR(schedule.learning_rate(0), 0.1, kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(9), 0.1, kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(10), 0.05, kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(25), 0.025, kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(30), 0.0125, kDoubleRounding);
}

TEST(CosineSchedule, FollowsHalfACosineThenStaysAtTheMinimum) {
  const optim::CosineSchedule schedule(1.0, 100, 0.1);
  EXPECT_NEAR(schedule.learning_rate(0), 1.0, kDoubleRounding);
  // 0.1 + 0.9·(1 + cos(π/4))/2
  EXPECT_NEAR(schedule.learning_rate(25), 0.1 + 0.45 * (1.0 + std::sqrt(0.5)), kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(50), 0.55, kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(75), 0.1 + 0.45 * (1.0 - std::sqrt(0.5)), kDoubleRounding);
  EXPECT_NEAR(schedule.learning_rate(100), 0.1, kDoubleRounding);
  EXPECT_EQ(schedule.learning_rate(150), 0.1);
}

TEST(CosineSchedule, NeverIncreases) {
  const optim::CosineSchedule schedule(1e-3, 37, 0.0);
  for (int64_t step = 1; step <= 40; ++step)
    EXPECT_LE(schedule.learning_rate(step), schedule.learning_rate(step - 1)) << "step " << step;
  EXPECT_EQ(schedule.learning_rate(37), 0.0);
}

TEST(Schedules, RejectBadOptions) {
  EXPECT_THROW(optim::StepSchedule(0.1, 0, 0.5), Error);
  EXPECT_THROW(optim::StepSchedule(0.1, 10, 0.0), Error);
  EXPECT_THROW(optim::CosineSchedule(0.1, 0), Error);
  EXPECT_THROW(optim::CosineSchedule(0.1, 10, 0.2), Error);
  EXPECT_THROW(optim::CosineSchedule(0.1, 10, -0.1), Error);
}

}  // namespace
}  // namespace flujo
