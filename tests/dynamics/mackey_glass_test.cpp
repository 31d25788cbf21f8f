#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::dynamics {
namespace {

// With beta / gamma = 2, x = 1 solves beta·x / (1 + x^n) = gamma·x for every n: a fixed point.
TEST(MackeyGlass, ConstantHistoryAtTheFixedPointStays) {
  const auto system = make_system("mackey-glass");
  const Trajectory path =
      simulate(*system, {.samples = 200, .transient = 0, .initial_state = {1.0}});
  for (int64_t i = 0; i < path.samples(); ++i) EXPECT_NEAR(path.at(i, 0), 1.0, 1e-14) << i;
}

// On [0, tau] the delayed term still reads the constant history x0, so the equation is linear:
// x(t) = c/gamma + (x0 − c/gamma)·e^{−gamma t} with c = beta·x0 / (1 + x0^n). From tau on, the
// delayed term follows this curve instead, and the solution leaves the exponential.
TEST(MackeyGlass, FirstDelayIntervalMatchesClosedForm) {
  const auto system = make_system("mackey-glass");
  const double x0 = 1.2, beta = 0.2, gamma = 0.1, tau = 17.0;
  const Trajectory path = simulate(*system, {.samples = 40, .transient = 0, .initial_state = {x0}});
  const double c = beta * x0 / (1.0 + std::pow(x0, 10.0));
  const auto closed_form = [&](double t) {
    return c / gamma + (x0 - c / gamma) * std::exp(-gamma * t);
  };
  for (int64_t i = 0; i <= static_cast<int64_t>(tau); ++i)
    EXPECT_NEAR(path.at(i, 0), closed_form(path.times[i]), 1e-10) << "t = " << path.times[i];
  EXPECT_GT(std::abs(path.at(39, 0) - closed_form(39.0)), 1e-3);
}

TEST(MackeyGlass, AttractorSpansTheKnownRange) {
  const Trajectory path = simulate(*make_system("mackey-glass"), {.samples = 5000});
  const auto [low, high] = std::minmax_element(path.states.begin(), path.states.end());
  EXPECT_GT(*low, 0.2);
  EXPECT_LT(*low, 0.5);
  EXPECT_GT(*high, 1.2);
  EXPECT_LT(*high, 1.4);
}

// The internal step and its half give the same samples: the delay is chaotic but weakly
// (λ1 ≈ 0.005), so over 300 time units the amplification is small.
TEST(MackeyGlass, HalvingTheInternalStepChangesLittle) {
  const auto system = make_system("mackey-glass");
  const SimulateOptions options{.samples = 301, .transient = 0};
  SimulateOptions finer = options;
  finer.max_step = 0.01;
  const Trajectory coarse = simulate(*system, options), fine = simulate(*system, finer);
  EXPECT_EQ(fine.substeps, 2 * coarse.substeps);
  double worst = 0.0;
  for (size_t i = 0; i < coarse.states.size(); ++i)
    worst = std::max(worst, std::abs(coarse.states[i] - fine.states[i]));
  EXPECT_LT(worst, 1e-8);
}

// Reference: 0.0056 from Benettin on a 100-point discretised history (lyapunov-spectrum site,
// after Farmer 1982); our finer grid gives ≈ 0.0051 over 1e5 time units.
TEST(MackeyGlass, LargestLyapunovExponentIsSmallAndPositive) {
  const LyapunovSpectrum spectrum =
      lyapunov_spectrum(*make_system("mackey-glass"), {.time = 10000});
  ASSERT_EQ(spectrum.exponents.size(), 1u);
  EXPECT_GT(spectrum.exponents[0], 0.004);
  EXPECT_LT(spectrum.exponents[0], 0.0065);
  EXPECT_FALSE(spectrum.complete);
  EXPECT_TRUE(std::isnan(spectrum.kaplan_yorke));
}

TEST(MackeyGlass, ShortDelayGivesAPeriodicOrbit) {
  const auto system = make_system("mackey-glass");
  system->set_parameter("tau", 6.0);
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*system, {.time = 3000});
  EXPECT_NEAR(spectrum.exponents[0], 0.0, 1e-3);
}

TEST(MackeyGlass, SampleStepMustShareAGridWithTheDelay) {
  const auto system = make_system("mackey-glass");
  EXPECT_EQ(simulate(*system, {.samples = 3, .dt = 0.3}).substeps, 15);  // h = 0.02
  try {
    simulate(*system, {.samples = 3, .dt = std::sqrt(2.0)});
    FAIL() << "an incommensurate dt was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("dt"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flujo::dynamics
