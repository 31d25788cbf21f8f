#pragma once
// Reference recurrent kernels: the same contract as flujo/core/recurrent.hpp (same arguments, same
// saved buffers), written as plain per-element loops with std::exp / std::tanh and no BLAS, one
// equation per line as in PyTorch's documentation. Slow; for tests only.
#include "flujo/core/recurrent.hpp"

namespace flujo::ops::reference {

void recurrent_forward(const RecurrentDims& dims, const RecurrentOutputs& out,
                       const RecurrentSaved& saved, const RecurrentInputs& in);
void recurrent_backward(const RecurrentDims& dims, const RecurrentInputGrads& din,
                        const RecurrentWork& work, const RecurrentOutputGrads& dout,
                        const RecurrentSaved& saved, const RecurrentInputs& in);

}  // namespace flujo::ops::reference
