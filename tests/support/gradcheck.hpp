#pragma once
// The one finite-difference gradient check used for every op and layer.
//
// The output y is projected onto a fixed random vector r (loss = Σ y·r, accumulated in double), so
// every output element matters. Analytic gradients come from one backward pass seeded with r;
// numeric ones from central differences (f(v+h) − f(v−h)) / 2h, one element at a time. Before
// backward, every gradient buffer is pre-filled with a sentinel offset and new tape values with
// NaN: a kernel that overwrites (=) instead of adding (+=), or leaves an element unwritten, fails.
#include <functional>
#include <string>
#include <vector>

#include "flujo/core/tape.hpp"
#include "flujo/core/tensor.hpp"

namespace flujo::testing {

// One tensor whose gradient is checked: its value (perturbed in place) and where backward adds
// its gradient.
struct GradTarget {
  std::string name;
  TensorView value;
  TensorView grad;
};

struct GradTolerance {
  double step;      // finite-difference step h
  double absolute;  // allowed |analytic − numeric| below which any difference passes
  double relative;  // allowed difference relative to |numeric|
};

// float32 forward passes: rounding error in f is about 1e-7·|f|, divided by 2h = 2e-3 that is
// ~1e-4 of the loss scale; smooth ops keep the truncation error O(h²) = 1e-6 below that.
inline constexpr GradTolerance kFloat32Smooth{1e-3, 2e-3, 2e-2};
// Ops with kinks (relu) use a smaller step so a perturbation rarely crosses the kink, and the
// test keeps inputs away from it; rounding error grows as 1/h, hence the looser absolute bound.
inline constexpr GradTolerance kFloat32Kinked{2e-4, 1e-2, 3e-2};

// Builds the graph from the targets' current values and returns the output. Called once with a
// tape for the analytic gradients and twice per element for the numeric ones.
using Forward = std::function<Var(Tape&)>;

// Returns an empty string when every element of every target matches, otherwise a report of the
// first mismatches (name, index, analytic, numeric). Use: EXPECT_EQ(check_gradients(...), "").
std::string check_gradients(const Forward& forward, const std::vector<GradTarget>& targets,
                            GradTolerance tolerance, uint64_t seed = 1);

// Convenience for tests: a tensor with uniform random values in [low, high).
Tensor random_tensor(Shape shape, uint64_t seed, float low = -1.0f, float high = 1.0f);

}  // namespace flujo::testing
