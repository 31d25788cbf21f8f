#pragma once
// ParameterStore: every trainable value of a model in one flat float buffer, every gradient in a
// second buffer of the same layout. Each Parameter is a named view (PyTorch's name, e.g.
// "lstm.weight_ih_l0") at an offset. One buffer means zero_grad is one fill, the optimizer one
// loop, a checkpoint one write, and a future allreduce one call.
#include <cstdint>
#include <string>
#include <vector>

#include "flujo/core/tensor.hpp"

namespace flujo {

// What an optimizer may do to a parameter beyond following its gradient.
struct ParamFlags {
  // Weight decay (AdamW's shrink, L2 in Adam and SGD) applies. Off for biases and norm gains,
  // whose size is not what overfits (the usual practice since BERT; PyTorch asks for two
  // parameter groups to get it).
  bool weight_decay = true;
};

struct Parameter {
  std::string name;
  Shape shape;
  int64_t offset = 0;
  ParamFlags flags;
};

using ParamId = int32_t;

class ParameterStore {
 public:
  // Registers a parameter, zero-initialised. Views taken before an add may dangle: take views
  // after the model is built. Names must be unique.
  ParamId add(const std::string& name, Shape shape, ParamFlags flags = {});

  int size() const { return static_cast<int>(params_.size()); }
  const Parameter& info(ParamId id) const { return params_[id]; }
  const std::vector<Parameter>& parameters() const { return params_; }
  // Id of the parameter with this name, or -1.
  ParamId find(const std::string& name) const;

  TensorView value(ParamId id);
  ConstTensorView value(ParamId id) const;
  TensorView grad(ParamId id);
  ConstTensorView grad(ParamId id) const;

  // The flat buffers.
  int64_t numel() const { return static_cast<int64_t>(values_.size()); }
  float* values() { return values_.data(); }
  const float* values() const { return values_.data(); }
  float* grads() { return grads_.data(); }
  const float* grads() const { return grads_.data(); }

  void zero_grad();

 private:
  std::vector<Parameter> params_;
  std::vector<float> values_;
  std::vector<float> grads_;
};

}  // namespace flujo
