#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::dynamics {
namespace {

// Reference values: Sprott, "Chaos and Time-Series Analysis" (2003), table of Lyapunov exponents.
constexpr double kLorenzLambda1 = 0.9056;
constexpr double kLorenzSum = -(10.0 + 1.0 + 8.0 / 3.0);  // trace of the Jacobian, constant
constexpr double kRosslerLambda1 = 0.0714;
constexpr double kHenonLambda1 = 0.41922, kHenonLambda2 = -1.62319;

TEST(Lyapunov, LorenzSpectrum) {
  const auto lorenz = make_system("lorenz");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*lorenz, {.time = 1000});
  ASSERT_EQ(spectrum.exponents.size(), 3u);
  EXPECT_NEAR(spectrum.exponents[0], kLorenzLambda1, 0.02 * kLorenzLambda1);
  EXPECT_NEAR(spectrum.exponents[1], 0.0, 0.01);
  EXPECT_NEAR(spectrum.sum, kLorenzSum, 0.01 * std::abs(kLorenzSum));
  EXPECT_TRUE(spectrum.complete);
  EXPECT_NEAR(spectrum.kaplan_yorke, 2.06, 0.01);
}

TEST(Lyapunov, RosslerLargestExponent) {
  const auto rossler = make_system("rossler");
  // The exponent is small, so the average needs a long horizon; 1e-6 per interval is ample.
  const LyapunovSpectrum spectrum =
      lyapunov_spectrum(*rossler, {.time = 10000, .count = 1, .tolerance = 1e-6});
  ASSERT_EQ(spectrum.exponents.size(), 1u);
  EXPECT_NEAR(spectrum.exponents[0], kRosslerLambda1, 0.1 * kRosslerLambda1);
  EXPECT_FALSE(spectrum.complete);
  EXPECT_TRUE(std::isnan(spectrum.kaplan_yorke));
}

TEST(Lyapunov, HenonSpectrum) {
  const auto henon = make_system("henon");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*henon, {.time = 200000});
  ASSERT_EQ(spectrum.exponents.size(), 2u);
  EXPECT_NEAR(spectrum.exponents[0], kHenonLambda1, 0.005);
  EXPECT_NEAR(spectrum.exponents[1], kHenonLambda2, 0.005);
  // Jacobian determinant is −b everywhere, so the sum is exactly log b.
  EXPECT_NEAR(spectrum.sum, std::log(0.3), 1e-9);
}

TEST(Lyapunov, LogisticAtFourIsLogTwo) {
  const auto logistic = make_system("logistic");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*logistic, {.time = 1000000});
  ASSERT_EQ(spectrum.exponents.size(), 1u);
  EXPECT_NEAR(spectrum.exponents[0], std::numbers::ln2, 0.005);
}

TEST(Lyapunov, VanDerPolLimitCycleHasNoPositiveExponent) {
  const auto oscillator = make_system("van-der-pol");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*oscillator, {.time = 500});
  EXPECT_NEAR(spectrum.exponents[0], 0.0, 0.01);
  EXPECT_LT(spectrum.exponents[1], -0.1);
  EXPECT_NEAR(spectrum.kaplan_yorke, 1.0, 0.02);
}

TEST(Lyapunov, PendulumIsChaoticAndLosesDampingPerTime) {
  const auto pendulum = make_system("pendulum");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*pendulum, {.time = 2000});
  EXPECT_GT(spectrum.exponents[0], 0.05);
  EXPECT_NEAR(spectrum.exponents[1], 0.0, 0.01);  // the drive's phase direction
  EXPECT_NEAR(spectrum.sum, -0.5, 0.005);         // trace = −damping
}

TEST(Lyapunov, Lorenz96IsChaoticWithTraceSum) {
  const auto ring = make_system("lorenz96");
  const LyapunovSpectrum spectrum = lyapunov_spectrum(*ring, {.time = 200});
  ASSERT_EQ(spectrum.exponents.size(), 6u);
  EXPECT_GT(spectrum.exponents[0], 0.5);
  EXPECT_NEAR(spectrum.sum, -6.0, 0.06);  // trace = −N
}

TEST(Lyapunov, KaplanYorkeDimension) {
  const std::vector<double> lorenz{0.9, 0.0, -14.5};
  EXPECT_DOUBLE_EQ(kaplan_yorke_dimension(lorenz), 2.0 + 0.9 / 14.5);
  const std::vector<double> contracting{-0.1, -1.0};
  EXPECT_DOUBLE_EQ(kaplan_yorke_dimension(contracting), 0.0);
  const std::vector<double> expanding{0.5, 0.2};
  EXPECT_DOUBLE_EQ(kaplan_yorke_dimension(expanding), 2.0);
}

TEST(Lyapunov, BadOptionsNameTheOption) {
  const auto lorenz = make_system("lorenz");
  EXPECT_THROW(lyapunov_spectrum(*lorenz, {.count = 4}), Error);
  EXPECT_THROW(lyapunov_spectrum(*lorenz, {.time = -3}), Error);
  EXPECT_THROW(lyapunov_spectrum(*lorenz, {.interval = -0.1}), Error);
  try {
    lyapunov_spectrum(*make_system("henon"), {.interval = 0.5});
    FAIL() << "a map with a fractional step was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("interval"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flujo::dynamics
