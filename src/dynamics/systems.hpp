#pragma once
// Factories of the built-in systems, one per concrete class; the registry lists them by name.
#include <limits>
#include <memory>

#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

inline constexpr double kUnbounded = -std::numeric_limits<double>::infinity();

std::unique_ptr<System> make_lorenz();
std::unique_ptr<System> make_rossler();
std::unique_ptr<System> make_lorenz96();
std::unique_ptr<System> make_van_der_pol();
std::unique_ptr<System> make_pendulum();
std::unique_ptr<System> make_henon();
std::unique_ptr<System> make_logistic();
std::unique_ptr<System> make_mackey_glass();

}  // namespace flujo::dynamics
