#pragma once
// `flujo train --model autoencoder`: the lecture's "autoencoder trained with temporal data", a
// dense autoencoder on look_back windows. Shapes (B batch, L look_back, C channels, H hidden,
// Z latent): window (B, L, C) → flattened (B, L·C) → Linear(L·C, H), tanh → Linear(H, Z), the
// latent → Linear(Z, H), tanh → Linear(H, L·C), the reconstruction (PyTorch's parameter names:
// encoder.0, encoder.2, decoder.0, decoder.2 of two nn.Sequential). Trained by gradient on the
// mean squared reconstruction error of each window (the targets and the rollout are not used).
// analyze reads the latent of the window (t − L, t] as the state at row t; the model makes no
// forecast and does not run free.
#include "flujo/run/model.hpp"

namespace flujo::run {

ModelKind autoencoder_kind();

}  // namespace flujo::run
