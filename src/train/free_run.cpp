#include "train/free_run.hpp"

#include <algorithm>

namespace flujo::train {

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

void FreeRunner::run(Var input, Var h0, Var c0, int64_t length) {
  nn::SequenceOutput out = model_.step(tape_, input, h0, c0);
  Var top = reshape(slice(out.outputs, 1, length - 1, 1), Shape{batch_, model_.hidden()});
  Var prediction = model_.head(tape_, top);
  hidden_.view().copy_from(out.final_hidden.value());
  if (has_cell_) cell_.view().copy_from(out.final_cell.value());
  input_.view().copy_from(prediction.value());
}

void FreeRunner::warm_up(ConstTensorView windows) {
  tape_.reset();
  run(tape_.constant(windows), Var{}, Var{}, windows.shape[1]);
  stepper_.prepare(model_.store());
}

void FreeRunner::step() { advance(1, TensorView{}); }

void FreeRunner::advance(int64_t steps, TensorView predictions) {
  stepper_.run(input_.view(), hidden_.view(), has_cell_ ? cell_.view() : TensorView{}, steps,
               predictions);
}

std::vector<double> free_run(SequenceModel& model, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps) {
  const int64_t batch = static_cast<int64_t>(starts.size()), channels = model.channels();
  Tensor windows({batch, warmup, channels});
  for (int64_t b = 0; b < batch; ++b) {
    const Tensor one = gather_windows(series, starts[b], 1, warmup);
    std::copy(one.data(), one.data() + one.numel(), windows.data() + b * one.numel());
  }
  FreeRunner runner(model, batch);
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

std::vector<double> free_run(const nn::EchoStateNetwork& esn, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps) {
  const int64_t channels = series.channels();
  std::vector<double> forecast;
  forecast.reserve(starts.size() * steps * channels);
  for (int64_t start : starts) {
    const std::vector<double> path = esn.forecast(series.data() + start * channels, warmup, steps);
    forecast.insert(forecast.end(), path.begin(), path.end());
  }
  return forecast;
}

std::vector<double> one_step(SequenceModel& model, const data::Series& series, int64_t begin,
                             int64_t end, int64_t look_back) {
  const int64_t channels = model.channels();
  const int64_t windows = std::max<int64_t>(0, end - begin - look_back);
  const int64_t batch_size = 256;
  std::vector<double> predictions(static_cast<size_t>(windows * channels));
  Tape tape;
  tape.set_grad_enabled(false);
  for (int64_t first = 0; first < windows; first += batch_size) {
    const int64_t batch = std::min(batch_size, windows - first);
    const Tensor inputs = gather_windows(series, begin + first, batch, look_back);
    tape.reset();
    Var prediction = model.predict(tape, tape.constant(inputs.view()));
    for (int64_t i = 0; i < batch * channels; ++i)
      predictions[first * channels + i] = prediction.value()[i];
  }
  return predictions;
}

}  // namespace flujo::train
