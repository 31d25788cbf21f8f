// The Model interface's defaults: what a model trained by gradient gets without writing it
// (batched one-step predictions, free runs through its stepper, model.safetensors), and the
// errors a model that lacks a capability gives.
#include "flujo/run/model.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "run/free_run.hpp"

namespace flujo::run {
namespace {
// One-step predictions go through the tape this many windows at a time: large enough for the
// products to be efficient, small enough that the forward activations stay in cache.
constexpr int64_t kOneStepBatch = 256;
}  // namespace

void Model::reset_parameters(Rng&) {}

Var Model::predict(Tape&, Var) { throw Error("this model makes no prediction on the tape"); }

Var Model::loss(Tape&, Var, Var, int64_t) {
  throw Error("this model is not trained by gradient");
}

Model::Fit Model::fit(const data::Series&, const data::Splits&, Rng&) {
  throw Error("this model is trained by gradient, not fitted in closed form");
}

std::vector<double> Model::one_step(const data::Series& normalised, int64_t begin, int64_t end,
                                    int64_t look_back) {
  const int64_t channels = normalised.channels();
  const int64_t windows = std::max<int64_t>(0, end - begin - look_back);
  std::vector<double> predictions(static_cast<size_t>(windows * channels));
  Tape tape;
  tape.set_grad_enabled(false);
  for (int64_t first = 0; first < windows; first += kOneStepBatch) {
    const int64_t batch = std::min(kOneStepBatch, windows - first);
    const Tensor inputs = gather_windows(normalised, begin + first, batch, look_back);
    tape.reset();
    const Var prediction = predict(tape, tape.constant(inputs.view()));
    for (int64_t i = 0; i < batch * channels; ++i)
      predictions[first * channels + i] = prediction.value()[i];
  }
  return predictions;
}

std::unique_ptr<FreeRunStepper> Model::stepper(int64_t) { return nullptr; }

std::vector<double> Model::free_run(const data::Series& normalised,
                                    const std::vector<int64_t>& starts, int64_t warmup,
                                    int64_t steps) {
  std::unique_ptr<FreeRunStepper> runner = stepper(static_cast<int64_t>(starts.size()));
  require(runner != nullptr, "this model cannot run free");
  return run_free(*runner, normalised, starts, warmup, steps);
}

HiddenStates Model::record_states(const data::Series&, int64_t, int64_t, int64_t) { return {}; }

void Model::save(const std::string& run_dir, const TrainConfig& config,
                 const data::Normaliser& normaliser) const {
  ParameterStore* store = const_cast<Model*>(this)->parameters();
  require(store != nullptr, "this model has no parameters to save; it must write its own files");
  nlohmann::json normalisation;
  to_json(normalisation, normaliser);
  write_safetensors(run_dir + "/model.safetensors", *store,
                    {{"format", "flujo-model-1"},
                     {"flujo.config", to_json(config).dump()},
                     {"flujo.normaliser", normalisation.dump()}});
}

}  // namespace flujo::run
