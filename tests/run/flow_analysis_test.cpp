// The free run's correlation dimension in the true coordinates: the teacher-forced readout carries
// generated hidden states into the true state's units, and measure_invariants measures the decoded
// free run with the same estimator as the truth. (The fallback to the hidden space for a user
// series is exercised end to end by examples/check_flow.sh: each call here costs six persistence
// diagrams.)
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/dynamics.hpp"
#include "run/flow_analysis.hpp"

namespace flujo::run {
namespace {

// The readout is a ridge solve with a penalty of 1e-6 per row on exact linear features: its
// shrinkage of the weakest directions leaves errors of a few thousandths on coordinates |x| ≲ 50.
constexpr double kDecodeTolerance = 0.01;
// Two independent true Lorenz runs of 2000 steps at dt 0.05 measure the same correlation dimension
// within sampling error.
constexpr double kSameAttractorTolerance = 0.1;
constexpr int64_t kWidth = 6;

data::Series lorenz(int64_t samples, uint64_t seed, double dt = 0.01) {
  const auto system = dynamics::make_system("lorenz");
  const dynamics::Trajectory path =
      dynamics::simulate(*system, {.samples = samples, .dt = dt, .seed = seed});
  return data::Series(samples, {"x", "y", "z"}, path.states);
}

// A stand-in for hidden states: a fixed linear image of the true state in kWidth dimensions, with
// an offset and very unequal scales per direction (as in a network's hidden space).
std::vector<double> hidden_image(const data::Series& truth) {
  Rng rng(7);
  std::vector<double> mixing(kWidth * 3), offset(kWidth);
  for (double& m : mixing) m = rng.normal();
  for (double& o : offset) o = rng.normal();
  std::vector<double> hidden(static_cast<size_t>(truth.time_steps() * kWidth));
  for (int64_t t = 0; t < truth.time_steps(); ++t)
    for (int64_t h = 0; h < kWidth; ++h) {
      double sum = offset[h];
      for (int64_t c = 0; c < 3; ++c) sum += mixing[h * 3 + c] * truth.at(t, c);
      hidden[t * kWidth + h] = sum * std::pow(0.1, static_cast<double>(h));
    }
  return hidden;
}

TEST(DecodeTrueState, CarriesAnotherTrajectoryIntoTrueUnits) {
  const data::Series taught = lorenz(4000, 1), other = lorenz(3000, 2);
  const Representation hidden{"hidden", kWidth, hidden_image(taught)};
  const std::vector<double> decoded =
      decode_true_state(hidden, taught, hidden_image(other), other.time_steps());
  ASSERT_EQ(decoded.size(), other.values().size());
  double worst = 0;
  for (size_t i = 0; i < decoded.size(); ++i)
    worst = std::max(worst, std::abs(decoded[i] - other.values()[i]));
  EXPECT_LT(worst, kDecodeTolerance);
}

TEST(DecodeTrueState, RejectsStatesOfAnotherWidth) {
  const data::Series taught = lorenz(400, 1);
  const Representation hidden{"hidden", kWidth, hidden_image(taught)};
  const std::vector<double> wider(10 * (kWidth + 1));
  EXPECT_THROW(decode_true_state(hidden, taught, wider, 10), Error);
}

InvariantInputs inputs_for(const data::Series& truth, const data::Series& generated,
                           const data::Series& floor) {
  InvariantInputs in;
  for (int64_t t = 0; t < truth.time_steps(); ++t) {
    in.truth.push_back(truth.at(t, 0));
    in.generated.push_back(generated.at(t, 0));
    in.truth_floor.push_back(floor.at(t, 0));
  }
  in.generated_hidden = hidden_image(generated);
  in.hidden_width = kWidth;
  in.delay = 3;  // 0.15 time units at dt 0.05
  return in;
}

TEST(MeasureInvariants, CorrelationDimensionInTheTrueSpaceWhenOneExists) {
  const data::Series truth = lorenz(2000, 1, 0.05), generated = lorenz(2000, 2, 0.05);
  const data::Series floor = lorenz(2000, 3, 0.05);
  InvariantInputs in = inputs_for(truth, generated, floor);
  in.true_state = truth.values();
  in.true_state_dims = 3;
  in.generated_state = generated.values();
  const Invariants out = measure_invariants(in);
  const double free = out.free_run["correlation_dimension"].get<double>();
  EXPECT_NEAR(free, out.truth["correlation_dimension"].get<double>(), kSameAttractorTolerance);
  EXPECT_NE(free, out.free_run["correlation_dimension_hidden"].get<double>());
  const auto space = out.free_run["correlation_dimension_space"].get<std::string>();
  EXPECT_EQ(space.rfind("true state", 0), 0u) << space;
  EXPECT_TRUE(out.free_run.contains("correlation_dimension_delay"));
}

}  // namespace
}  // namespace flujo::run
