#include "train/free_run.hpp"

#include <algorithm>

namespace flujo::train {

std::vector<double> free_run(SequenceModel& model, const data::Series& series,
                             const std::vector<int64_t>& starts, int64_t warmup, int64_t steps) {
  const int64_t batch = static_cast<int64_t>(starts.size()), channels = model.channels();
  const int64_t hidden = model.hidden(), layers = model.layers();
  Tensor window({batch, warmup, channels});
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t t = 0; t < warmup; ++t)
      for (int64_t c = 0; c < channels; ++c)
        window[(b * warmup + t) * channels + c] = static_cast<float>(series.at(starts[b] + t, c));
  Tensor h({layers, batch, hidden}), cell({layers, batch, hidden}), input({batch, 1, channels});
  const bool has_cell = model.recurrent().options().cell == nn::CellKind::lstm;
  std::vector<double> forecast(static_cast<size_t>(batch * steps * channels));
  Tape tape;
  tape.set_grad_enabled(false);
  for (int64_t j = 0; j < steps; ++j) {
    tape.reset();
    nn::SequenceOutput out = j == 0
        ? model.step(tape, tape.constant(window.view()), Var{}, Var{})
        : model.step(tape, tape.constant(input.view()), tape.constant(h.view()),
                     has_cell ? tape.constant(cell.view()) : Var{});
    const int64_t length = j == 0 ? warmup : 1;
    Var top = reshape(slice(out.outputs, 1, length - 1, 1), Shape{batch, hidden});
    Var prediction = model.head(tape, top);
    h.view().copy_from(out.final_hidden.value());
    if (has_cell) cell.view().copy_from(out.final_cell.value());
    input.view().copy_from(prediction.value());
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t c = 0; c < channels; ++c)
        forecast[(b * steps + j) * channels + c] = prediction.value()[b * channels + c];
  }
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
  Tensor inputs({batch_size, look_back, channels});
  for (int64_t first = 0; first < windows; first += batch_size) {
    const int64_t batch = std::min(batch_size, windows - first);
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t t = 0; t < look_back; ++t)
        for (int64_t c = 0; c < channels; ++c)
          inputs[(b * look_back + t) * channels + c] =
              static_cast<float>(series.at(begin + first + b + t, c));
    tape.reset();
    Var x = tape.constant(TensorView{inputs.data(), Shape{batch, look_back, channels}});
    Var prediction = model.predict(tape, x, 1);
    for (int64_t i = 0; i < batch * channels; ++i)
      predictions[first * channels + i] = prediction.value()[i];
  }
  return predictions;
}

}  // namespace flujo::train
