#pragma once
// A trained model read back from a run directory, whatever its kind, with the run's config and
// normaliser.
#include <memory>
#include <string>

#include "flujo/data.hpp"
#include "flujo/run/config.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {

struct LoadedModel {
  TrainConfig config;
  data::Normaliser normaliser;
  std::unique_ptr<Model> model;
};

// Reads RUN/config.toml and the model's files; throws Error naming the file when the directory is
// not a flujo run or its files are missing or malformed.
LoadedModel load_trained(const std::string& run_dir);

}  // namespace flujo::run
