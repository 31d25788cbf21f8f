#pragma once
// Free runs through a model's stepper (flujo/run/model.hpp), and the recurrent nets' stepper.
// A FreeRunner keeps B trajectories' states (L, B, H) and last predictions (B, C); warm_up() runs
// them teacher forced over true windows (B, W, C) on the tape, then advance() feeds each
// prediction back as the next input through nn::RecurrentStepper (no tape; it splits the
// trajectories across the threads). warm_up() comes first and reads the model's current weights.
// Everything is normalised.
#include <cstdint>
#include <vector>

#include "flujo/data.hpp"
#include "flujo/nn.hpp"
#include "flujo/run/model.hpp"
#include "run/sequence_model.hpp"

namespace flujo::run {

class FreeRunner : public FreeRunStepper {
 public:
  FreeRunner(SequenceModel& model, int64_t batch);

  void warm_up(ConstTensorView windows) override;  // (B, W, C)
  void advance(int64_t steps, TensorView predictions) override;
  TensorView prediction() override { return input_.view(); }  // (B, 1, C)
  // Hidden states (L, B, H), then the LSTM's cell states (L, B, H).
  std::vector<StateBlocks> state() override;
  void record(int64_t trajectory, double* hidden) const override;
  int64_t record_width() const override { return model_.layers() * model_.hidden(); }

  TensorView hidden() { return hidden_.view(); }  // (L, B, H)

 private:
  SequenceModel& model_;
  int64_t batch_;
  bool has_cell_;
  Tensor hidden_, cell_, input_;
  Tape tape_;
  nn::RecurrentStepper stepper_;
};

// Runs a stepper free from each start of a normalised series (T, C): a warm-up on `warmup` true
// rows, then `steps` predictions. Result (starts, steps, C): row j of start i predicts series row
// starts[i] + warmup + j.
std::vector<double> run_free(FreeRunStepper& runner, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps);

// Windows (count, W, C) as float32 with window i covering rows [first + i, first + i + W).
Tensor gather_windows(const data::Series& series, int64_t first, int64_t count, int64_t width);

}  // namespace flujo::run
