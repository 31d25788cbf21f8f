#pragma once
// Free-running a trained model. A FreeRunner keeps B trajectories' states (L, B, H) and last
// predictions (B, C); warm_up() runs them teacher forced over true windows (B, W, C) on the tape,
// then step() and advance() feed each prediction back as the next input through
// nn::RecurrentStepper (no tape; advance() splits the trajectories across the threads). The
// states are plain tensors between steps, so callers may read or perturb them (the Lyapunov
// estimate does). warm_up() comes first and reads the model's current weights. Everything is
// normalised.
#include <cstdint>
#include <vector>

#include "flujo/data.hpp"
#include "flujo/nn.hpp"
#include "train/sequence_model.hpp"

namespace flujo::train {

class FreeRunner {
 public:
  FreeRunner(SequenceModel& model, int64_t batch);

  void warm_up(ConstTensorView windows);  // (B, W, C)
  void step();
  // `steps` steps; predictions (B, steps, C) receives each one, or is empty.
  void advance(int64_t steps, TensorView predictions);

  TensorView hidden() { return hidden_.view(); }      // (L, B, H)
  TensorView cell() { return cell_.view(); }          // (L, B, H), LSTM only
  TensorView prediction() { return input_.view(); }   // (B, 1, C): the last prediction
  bool has_cell() const { return has_cell_; }

 private:
  void run(Var input, Var h0, Var c0, int64_t length);

  SequenceModel& model_;
  int64_t batch_;
  bool has_cell_;
  Tensor hidden_, cell_, input_;
  Tape tape_;
  nn::RecurrentStepper stepper_;
};

// series (T, C) normalised; result (starts, steps, C): row j of start i predicts series row
// starts[i] + warmup + j.
std::vector<double> free_run(SequenceModel& model, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps);
std::vector<double> free_run(const nn::EchoStateNetwork& esn, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps);

// Teacher-forced one-step predictions for every window of rows [begin, end): (windows, C), the
// prediction for row begin + look_back + i.
std::vector<double> one_step(SequenceModel& model, const data::Series& series, int64_t begin,
                             int64_t end, int64_t look_back);

// Windows (count, W, C) as float32 with window i covering rows [first + i, first + i + W).
Tensor gather_windows(const data::Series& series, int64_t first, int64_t count, int64_t width);

}  // namespace flujo::train
