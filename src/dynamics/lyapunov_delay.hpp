#pragma once
// The largest Lyapunov exponent of a delay system, whose state is the whole history segment.
#include <cstdint>
#include <vector>

#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

// Sum of log(d / d0) over `steps` intervals: a reference and a perturbed trajectory, the distance
// d measured over the whole stored history (L2 over the delay window) and the perturbed history
// pulled back to distance d0 after every interval.
double delay_log_growth(const System& system, const std::vector<double>& history, double interval,
                        double max_step, int64_t transient_steps, int64_t steps);

}  // namespace flujo::dynamics
