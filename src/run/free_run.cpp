#include "run/free_run.hpp"

#include <algorithm>

namespace flujo::run {

Tensor gather_windows(const data::Series& series, int64_t first, int64_t count, int64_t width) {
  const int64_t channels = series.channels();
  Tensor windows({count, width, channels});
  for (int64_t b = 0; b < count; ++b)
    for (int64_t t = 0; t < width; ++t)
      for (int64_t c = 0; c < channels; ++c)
        windows[(b * width + t) * channels + c] = static_cast<float>(series.at(first + b + t, c));
  return windows;
}

FreeRunner::FreeRunner(SequenceModel& model, int64_t batch)
    : model_(model),
      batch_(batch),
      has_cell_(model.recurrent().options().cell == nn::CellKind::lstm),
      hidden_({model.layers(), batch, model.hidden()}),
      cell_({model.layers(), batch, model.hidden()}),
      input_({batch, 1, model.channels()}),
      stepper_(model.recurrent(), model.head_layer(), batch) {
  tape_.set_grad_enabled(false);
}

void FreeRunner::warm_up(ConstTensorView windows) {
  tape_.reset();
  const int64_t length = windows.shape[1];
  nn::SequenceOutput out = model_.step(tape_, tape_.constant(windows), Var{}, Var{});
  Var top = reshape(slice(out.outputs, 1, length - 1, 1), Shape{batch_, model_.hidden()});
  Var prediction = model_.head(tape_, top);
  hidden_.view().copy_from(out.final_hidden.value());
  if (has_cell_) cell_.view().copy_from(out.final_cell.value());
  input_.view().copy_from(prediction.value());
  stepper_.prepare(model_.store());
}

void FreeRunner::advance(int64_t steps, TensorView predictions) {
  stepper_.run(input_.view(), hidden_.view(), has_cell_ ? cell_.view() : TensorView{}, steps,
               predictions);
}

std::vector<StateBlocks> FreeRunner::state() {
  std::vector<StateBlocks> blocks = {{hidden_.view(), model_.layers(), model_.hidden()}};
  if (has_cell_) blocks.push_back({cell_.view(), model_.layers(), model_.hidden()});
  return blocks;
}

void FreeRunner::record(int64_t trajectory, double* hidden) const {
  const int64_t layers = model_.layers(), width = model_.hidden();
  for (int64_t l = 0; l < layers; ++l)
    for (int64_t h = 0; h < width; ++h)
      hidden[l * width + h] = hidden_[(l * batch_ + trajectory) * width + h];
}

std::vector<double> run_free(FreeRunStepper& runner, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps) {
  const int64_t batch = static_cast<int64_t>(starts.size()), channels = series.channels();
  Tensor windows({batch, warmup, channels});
  for (int64_t b = 0; b < batch; ++b) {
    const Tensor one = gather_windows(series, starts[b], 1, warmup);
    std::copy(one.data(), one.data() + one.numel(), windows.data() + b * one.numel());
  }
  std::vector<double> forecast(static_cast<size_t>(batch * steps * channels));
  if (steps == 0) return forecast;
  runner.warm_up(windows.view());
  // The warm-up's prediction is each trajectory's first; advance() makes the other steps − 1.
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t c = 0; c < channels; ++c)
      forecast[b * steps * channels + c] = runner.prediction()[b * channels + c];
  Tensor later({batch, steps - 1, channels});
  runner.advance(steps - 1, later.view());
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t j = 1; j < steps; ++j)
      for (int64_t c = 0; c < channels; ++c)
        forecast[(b * steps + j) * channels + c] = later[(b * (steps - 1) + j - 1) * channels + c];
  return forecast;
}

}  // namespace flujo::run
