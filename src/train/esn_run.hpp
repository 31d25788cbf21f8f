#pragma once
// `flujo train --model esn`: the echo state network baseline. The reservoir is driven by the
// normalised training rows and its readout solved by ridge regression (double); the run directory
// then holds esn.json (the whole network and the normalisation) instead of model.safetensors.
#include "flujo/nn.hpp"
#include "flujo/train.hpp"
#include "train/prepared_data.hpp"
#include "train/run_files.hpp"

namespace flujo::train {

TrainSummary train_esn(const TrainConfig& config, const PreparedData& prepared, const RunFiles& run);

nn::EsnOptions esn_options(const TrainConfig& config, int64_t channels);

// Reads RUN/esn.json back.
nn::EchoStateNetwork load_esn(const std::string& directory, data::Normaliser& normaliser);

}  // namespace flujo::train
