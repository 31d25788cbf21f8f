// nn::RecurrentStepper: per layer a one-step workspace of the fused recurrent kernel
// (flujo/core/recurrent.hpp) with the weights transposed once, and the head as one dot product
// per row and output (ops::dot). Both sum every element in an order that does not depend on the
// other rows, so a trajectory's numbers do not depend on how the batch is split; the tape's head
// goes through the BLAS, whose rounding does depend on the number of rows.
#include <algorithm>
#include <string>
#include <vector>

#include "flujo/core/blas.hpp"
#include "flujo/core/float_mode.hpp"
#include "flujo/core/parallel.hpp"
#include "flujo/core/recurrent.hpp"
#include "flujo/nn.hpp"

namespace flujo::nn {
namespace {

// Trajectories per worker at the least: a part of fewer rows does not repay its wake-up.
constexpr int64_t kMinRowsPerPart = 8;

}  // namespace

struct RecurrentStepper::Impl {
  struct Layer {
    ops::RecurrentDims dims;
    ops::RecurrentSaved saved;
    ops::RecurrentInputs in;
  };
  const Recurrent& recurrent;
  const Linear& head;
  int64_t batch;
  std::vector<float> buffer;  // every layer's workspace
  std::vector<Layer> layers;
  ConstTensorView head_weight, head_bias;  // (C, H) and (C) or empty, in the store; set by prepare

  // Advances rows [begin, end) `steps` steps; the layer views of saved.inputs point at the input
  // and the states (set by run).
  void run_rows(int64_t begin, int64_t end, const TensorView& input, const TensorView& hidden,
                const TensorView& cell, int64_t steps, const TensorView& predictions) const {
    const FlushToZeroScope flush_to_zero;
    const int64_t count = end - begin, hidden_size = recurrent.options().hidden_size;
    const int64_t channels = head.out_features(), layer_floats = batch * hidden_size;
    const int64_t first = begin * hidden_size, length = count * hidden_size;
    for (int64_t step = 0; step < steps; ++step) {
      for (size_t l = 0; l < layers.size(); ++l) {
        const Layer& layer = layers[l];
        float* state = hidden.data + l * layer_floats;
        std::copy_n(state + first, length, layer.saved.hidden.data + first);
        ops::RecurrentOutputs out{{state, Shape{batch, 1, hidden_size}}, {}, {}, {}};
        if (cell) {
          float* cell_state = cell.data + l * layer_floats;
          std::copy_n(cell_state + first, length, layer.saved.cell.data + first);
          out.cell = {cell_state, Shape{batch, 1, hidden_size}};
        }
        ops::recurrent_step_rows(layer.dims, out, layer.saved, layer.in, begin, end);
      }
      const float* top = hidden.data + (layers.size() - 1) * layer_floats;
      float* prediction = input.data + begin * channels;
      for (int64_t b = 0; b < count; ++b)
        for (int64_t o = 0; o < channels; ++o)
          prediction[b * channels + o] =
              (head_bias ? head_bias[o] : 0.0f) +
              ops::dot(top + first + b * hidden_size,
                              head_weight.data + o * hidden_size, hidden_size);
      if (predictions) {
        for (int64_t b = begin; b < end; ++b)
          std::copy_n(input.data + b * channels, channels,
                      predictions.data + (b * steps + step) * channels);
      }
    }
  }
};

RecurrentStepper::RecurrentStepper(const Recurrent& recurrent, const Linear& head, int64_t batch)
    : impl_(new Impl{recurrent, head, batch, {}, {}, {}, {}}) {
  const RecurrentOptions& o = recurrent.options();
  require(batch >= 1, "recurrent stepper: batch must be at least 1, got " + std::to_string(batch));
  require(head.in_features() == o.hidden_size && head.out_features() == o.input_size,
          "recurrent stepper: the head must map hidden_size " + std::to_string(o.hidden_size) +
              " to input_size " + std::to_string(o.input_size) + " (its prediction is fed back)");
  int64_t floats = 0;
  std::vector<int64_t> offsets;
  for (int l = 0; l < o.layers; ++l) {
    const int64_t input_size = l == 0 ? o.input_size : o.hidden_size;
    const ops::RecurrentDims dims{o.cell, batch, 1, input_size, o.hidden_size, 1};
    impl_->layers.push_back({dims, {}, {}});
    offsets.push_back(floats);
    floats += ops::RecurrentSaved::floats(dims);
  }
  impl_->buffer.resize(static_cast<size_t>(floats));
  for (int l = 0; l < o.layers; ++l) {
    Impl::Layer& layer = impl_->layers[l];
    layer.saved = ops::RecurrentSaved::carve(impl_->buffer.data() + offsets[l], layer.dims);
  }
}

RecurrentStepper::~RecurrentStepper() = default;

void RecurrentStepper::prepare(const ParameterStore& store) {
  Impl& s = *impl_;
  for (size_t l = 0; l < s.layers.size(); ++l) {
    Impl::Layer& layer = s.layers[l];
    const Recurrent::LayerParams& p = s.recurrent.layer(static_cast<int>(l));
    // The states' own views stand in for h0 / c0: recurrent_step_rows only asks that one exists.
    layer.in = {{}, store.value(p.weight_ih), store.value(p.weight_hh), store.value(p.bias_ih),
                store.value(p.bias_hh), layer.saved.hidden, {}};
    ops::recurrent_prepare_step(layer.dims, layer.saved, layer.in);
  }
  s.head_weight = store.value(s.head.weight());
  s.head_bias = s.head.bias() >= 0 ? store.value(s.head.bias()) : ConstTensorView{};
}

void RecurrentStepper::run(TensorView input, TensorView hidden, TensorView cell, int64_t steps,
                           TensorView predictions) {
  Impl& s = *impl_;
  const RecurrentOptions& o = s.recurrent.options();
  const int64_t b = s.batch, h = o.hidden_size, c = o.input_size;
  require(static_cast<bool>(s.head_weight), "recurrent stepper: prepare() before run()");
  require(input.numel() == b * c && hidden.numel() == o.layers * b * h,
          "recurrent stepper: input must hold (" + std::to_string(b) + ", " + std::to_string(c) +
              ") and hidden (" + std::to_string(o.layers) + ", " + std::to_string(b) + ", " +
              std::to_string(h) + ")");
  require((o.cell == CellKind::lstm) == static_cast<bool>(cell) &&
              (!cell || cell.numel() == hidden.numel()),
          "recurrent stepper: a cell state goes with the lstm only, shaped like hidden");
  require(steps >= 0 && (!predictions || predictions.numel() == b * steps * c),
          "recurrent stepper: predictions must hold (B, steps, C)");
  for (size_t l = 0; l < s.layers.size(); ++l) {
    s.layers[l].saved.inputs = l == 0 ? TensorView{input.data, Shape{1, b, c}}
                                      : TensorView{hidden.data + (l - 1) * b * h, Shape{1, b, h}};
  }
  const int parts =
      static_cast<int>(std::clamp<int64_t>(b / kMinRowsPerPart, 1, blas::threads()));
  parallel::run(parts, [&](int p) {
    s.run_rows(parallel::part_begin(b, p, parts), parallel::part_begin(b, p + 1, parts), input,
               hidden, cell, steps, predictions);
  });
}

}  // namespace flujo::nn
