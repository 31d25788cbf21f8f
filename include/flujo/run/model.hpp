#pragma once
// The one interface every model of a run implements, and the registry that creates models by
// name. The run layer (training, forecast, analyze, run files) sees only this: adding a model is
// one file that implements Model plus one register_model() line.
//
// Shapes: B batch, L look_back (window rows), C channels, k rollout steps, N recorded time steps,
// W the width of the state a model exposes for analysis. Series are normalised (training mean and
// standard deviation) whenever a model sees them.
//
//   flujo::run::register_model({"linear_ar", "a linear autoregressive model",
//                               [](const flujo::run::TrainConfig& config, int64_t channels) {
//                                 return std::make_unique<LinearAr>(config, channels);
//                               }});
//   // flujo train --model linear_ar … now trains it, forecast and analyze read it back.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "flujo/core.hpp"
#include "flujo/data.hpp"
#include "flujo/run/config.hpp"

namespace flujo::run {

// What a model holds inside at N time steps, for analysis: the state that carries it on (hidden
// states of every layer side by side for recurrent nets), and an LSTM's cell state.
struct HiddenStates {
  int64_t count = 0;           // N
  int64_t width = 0;           // W
  std::vector<double> hidden;  // (N, W)
  std::vector<double> cell;    // (N, W), or empty
};

// A state tensor of B trajectories laid out as `blocks` blocks of (B, width): a recurrent net's
// hidden state (layers, B, H) is one. Free runs read and perturb states through these views.
struct StateBlocks {
  TensorView values;
  int64_t blocks = 0, width = 0;
};

// B free-running trajectories: teacher forced over true windows, then each prediction fed back
// as the next input. Between steps the state is plain memory that callers may read or perturb
// (the free-running Lyapunov exponent does).
class FreeRunStepper {
 public:
  virtual ~FreeRunStepper() = default;
  // Windows (B, W, C); afterwards prediction() holds each trajectory's next value.
  virtual void warm_up(ConstTensorView windows) = 0;
  // `steps` closed-loop steps; predictions (B, steps, C) receives each one, or is empty.
  virtual void advance(int64_t steps, TensorView predictions) = 0;
  virtual TensorView prediction() = 0;           // (B, 1, C): the last prediction
  virtual std::vector<StateBlocks> state() = 0;  // everything that carries a trajectory on
  // Trajectory b's state as analyze records it (HiddenStates::hidden, W values).
  virtual void record(int64_t trajectory, double* hidden) const = 0;
  virtual int64_t record_width() const = 0;      // W
};

class Model {
 public:
  virtual ~Model() = default;
  int64_t channels() const { return channels_; }

  // Trained by gradient: the flat parameters and gradients, or nullptr for a model fitted in
  // closed form (fit()).
  virtual ParameterStore* parameters() { return nullptr; }
  virtual void reset_parameters(Rng& rng);
  // Inputs (B, L, C) → the next value (B, C).
  virtual Var predict(Tape& tape, Var inputs);
  // Mean squared error against targets (B, k·C) of k = rollout predictions, each fed back.
  virtual Var loss(Tape& tape, Var inputs, Var targets, int64_t rollout);

  // Fitted in closed form on the training rows of `normalised`; returns the one-step mean squared
  // errors on the validation and test rows.
  struct Fit {
    double validation_loss = 0.0, test_loss = 0.0;
    int64_t parameters = 0;
  };
  virtual Fit fit(const data::Series& normalised, const data::Splits& splits, Rng& rng);

  // Teacher-forced one-step predictions for every window of rows [begin, end): (windows, C), row
  // i predicting row begin + look_back + i. By default through predict(), 256 windows at a time.
  virtual std::vector<double> one_step(const data::Series& normalised, int64_t begin, int64_t end,
                                       int64_t look_back);
  // True rows a free run warms up on before it predicts.
  virtual int64_t warmup_steps(int64_t look_back) const { return look_back; }
  // B trajectories run free, or nullptr when the model has no stepper.
  virtual std::unique_ptr<FreeRunStepper> stepper(int64_t batch);
  // Free runs from each start: (starts, steps, C); row j of start i predicts row
  // starts[i] + warmup + j. By default through stepper().
  virtual std::vector<double> free_run(const data::Series& normalised,
                                       const std::vector<int64_t>& starts, int64_t warmup,
                                       int64_t steps);
  // The states analyze records: row t's after the window of rows (t − L, t] from a zero state, as
  // in training, for rows first_row … first_row + count − 1. Empty (count 0) when the model
  // exposes none; analyze then refuses the run.
  virtual HiddenStates record_states(const data::Series& normalised, int64_t first_row,
                                     int64_t count, int64_t look_back);

  // Writes the model's files into a run directory, with the normalisation the run used. By
  // default model.safetensors: the parameters under their names, the config and the normaliser
  // in the metadata (what ModelKind::load reads back by default).
  virtual void save(const std::string& run_dir, const TrainConfig& config,
                    const data::Normaliser& normaliser) const;

 protected:
  explicit Model(int64_t channels) : channels_(channels) {}

 private:
  int64_t channels_;
};

struct ModelKind {
  std::string name;     // the value of --model
  std::string summary;  // one line for --help
  std::function<std::unique_ptr<Model>(const TrainConfig& config, int64_t channels)> make;
  // Reads a trained model back from a run directory and sets the run's normaliser; empty for a
  // model that Model::save's default writes (model.safetensors).
  std::function<std::unique_ptr<Model>(const TrainConfig& config, const std::string& run_dir,
                                       data::Normaliser& normaliser)>
      load;
  // About how many bytes training needs beyond the series (parameters, gradients, optimizer
  // state, the tape's activations), so that a run that cannot fit is refused before it
  // allocates; empty when the kind gives no estimate.
  std::function<int64_t(const TrainConfig& config, int64_t channels, int64_t train_rows)>
      training_bytes;
  // Configuration keys this model does not read (e.g. the ESN's ridge for an LSTM). A value other
  // than the key's default is refused by validate(), rather than silently ignored.
  std::vector<std::string> unused_keys;
};

// Adds a kind; throws Error when the name is taken. The built-in kinds (rnn, lstm, gru, esn, autoencoder) are
// there from the start.
void register_model(ModelKind kind);
// Throws Error "'model' must be rnn, lstm, gru, esn or autoencoder, got 'x'" for an unknown name.
const ModelKind& find_model(const std::string& name);
std::vector<std::string> model_names();
std::unique_ptr<Model> make_model(const TrainConfig& config, int64_t channels);
// The trained model of a run directory whose config is `config`; sets the run's normaliser.
// Throws Error naming the file when it is missing, malformed or does not fit the config.
std::unique_ptr<Model> load_model(const TrainConfig& config, const std::string& run_dir,
                                  data::Normaliser& normaliser);

}  // namespace flujo::run
