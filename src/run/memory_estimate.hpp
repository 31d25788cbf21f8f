#pragma once
// Before a run allocates its model and tape: about how much memory it will need, against what
// the machine has available. A run that cannot fit is refused with the estimate, instead of
// being killed by the kernel half-way or failing inside an allocation.
#include "flujo/run/config.hpp"
#include "run/prepared_data.hpp"

namespace flujo::run {

// Throws Error with the estimate and what is available when the run would not fit. Does
// nothing when the model's kind gives no estimate or the available memory cannot be read.
void require_memory_fits(const TrainConfig& config, const PreparedData& prepared);

}  // namespace flujo::run
