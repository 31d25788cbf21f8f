#pragma once
// Free-running forecasts from many starts at once. A model warms up on the true look_back window
// of each start (teacher forced) and then feeds its own predictions back for `steps` steps.
// Inputs and outputs are normalised; starts are batched, so one recurrent step serves them all.
#include <cstdint>
#include <vector>

#include "flujo/data.hpp"
#include "flujo/nn.hpp"
#include "train/sequence_model.hpp"

namespace flujo::train {

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

}  // namespace flujo::train
