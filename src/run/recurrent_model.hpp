#pragma once
// The recurrent forecasters (rnn, lstm, gru) as models of the run layer: a SequenceModel trained
// by gradient, run free through FreeRunner, exposing every layer's hidden state (and the LSTM's
// cell) for analysis.
#include <string>

#include "flujo/run/model.hpp"
#include "run/sequence_model.hpp"

namespace flujo::run {

class RecurrentModel : public Model {
 public:
  RecurrentModel(nn::CellKind cell, int64_t channels, int64_t hidden, int64_t layers);

  ParameterStore* parameters() override { return &network_.store(); }
  void reset_parameters(Rng& rng) override { network_.reset_parameters(rng); }
  Var predict(Tape& tape, Var inputs) override { return network_.predict(tape, inputs); }
  Var loss(Tape& tape, Var inputs, Var targets, int64_t rollout) override {
    return network_.loss(tape, inputs, targets, rollout);
  }
  std::unique_ptr<FreeRunStepper> stepper(int64_t batch) override;
  HiddenStates record_states(const data::Series& normalised, int64_t first_row, int64_t count,
                             int64_t look_back) override;

  SequenceModel& network() { return network_; }

 private:
  SequenceModel network_;
};

ModelKind recurrent_kind(nn::CellKind cell, const std::string& summary);

}  // namespace flujo::run
