#pragma once
// Shared by the optimizer tests: a tiny store whose flat buffer spans a parameter boundary, fixed
// gradients for three steps, and the comparison with values derived by hand in double.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "flujo/core/parameters.hpp"

namespace flujo::testing {
// A few float32 roundings (~6e-8 relative each) on values of order 1.
constexpr double kFloatRounding = 1e-6;

inline const std::vector<float> kInitial{1.0f, -2.0f, 0.5f};
inline const std::vector<std::vector<float>> kGradients{
    {0.5f, 1.0f, -2.0f}, {-0.25f, 0.75f, 1.5f}, {1.0f, -0.5f, 0.25f}};

// Two parameters, so the flat buffer spans a parameter boundary; "b" takes b_flags (a bias:
// {.weight_decay = false}).
inline ParameterStore make_store(ParamFlags b_flags = {}) {
  ParameterStore store;
  store.add("a", {2});
  store.add("b", {1}, b_flags);
  std::copy(kInitial.begin(), kInitial.end(), store.values());
  return store;
}

inline void set_gradient(ParameterStore& store, const std::vector<float>& gradient) {
  std::copy(gradient.begin(), gradient.end(), store.grads());
}

inline void expect_values(const float* actual, const std::vector<double>& expected) {
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], kFloatRounding) << "element " << i;
}

}  // namespace flujo::testing
