#pragma once
// The core kernels' name for a recurrent cell kind (nn::CellKind is the public one).
#include "core/ops/recurrent.hpp"
#include "flujo/nn.hpp"

namespace flujo::nn {

RecurrentCell core_cell(CellKind cell);

}  // namespace flujo::nn
