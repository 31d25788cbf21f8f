#pragma once
// `flujo train --model esn`: the echo state network baseline as a model of the run layer. The
// reservoir is driven by the normalised training rows and its readout solved by ridge regression
// (double) in fit(); the run directory holds esn.json (the whole network and the normalisation)
// instead of model.safetensors. It has no stepper and exposes no states: forecast scores it,
// analyze does not read it.
#include <optional>

#include "flujo/nn.hpp"
#include "flujo/run/model.hpp"

namespace flujo::run {

class EsnModel : public Model {
 public:
  EsnModel(const TrainConfig& config, int64_t channels);

  Fit fit(const data::Series& normalised, const data::Splits& splits, Rng& rng) override;
  std::vector<double> one_step(const data::Series& normalised, int64_t begin, int64_t end,
                               int64_t look_back) override;
  int64_t warmup_steps(int64_t look_back) const override;
  std::vector<double> free_run(const data::Series& normalised, const std::vector<int64_t>& starts,
                               int64_t warmup, int64_t steps) override;
  void save(const std::string& run_dir, const TrainConfig& config,
            const data::Normaliser& normaliser) const override;
  // Reads esn.json back: the network and the run's normaliser.
  static std::unique_ptr<EsnModel> load(const TrainConfig& config, const std::string& run_dir,
                                        data::Normaliser& normaliser);

 private:
  const nn::EchoStateNetwork& network() const;

  nn::EsnOptions options_;
  std::optional<nn::EchoStateNetwork> esn_;  // drawn by fit() or read by load()
};

ModelKind esn_kind();

}  // namespace flujo::run
