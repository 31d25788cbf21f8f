#pragma once
// A trained model read back from a run directory: the recurrent network (weights from
// model.safetensors) or the echo state network (esn.json), with the run's config and normaliser.
#include <memory>
#include <optional>
#include <string>

#include "flujo/nn.hpp"
#include "train/run_files.hpp"
#include "train/sequence_model.hpp"

namespace flujo::train {

struct LoadedModel {
  TrainConfig config;
  data::Normaliser normaliser;
  std::unique_ptr<SequenceModel> model;           // rnn | lstm | gru
  std::optional<nn::EchoStateNetwork> esn;        // esn
};

LoadedModel load_model(const std::string& run_dir);

}  // namespace flujo::train
