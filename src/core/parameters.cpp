#include "flujo/core/parameters.hpp"

#include <algorithm>

#include "flujo/core/error.hpp"

namespace flujo {

ParamId ParameterStore::add(const std::string& name, Shape shape, ParamFlags flags) {
  require(find(name) < 0, "duplicate parameter name '" + name + "'");
  const int64_t offset = numel();
  params_.push_back({name, shape, offset, flags});
  values_.resize(offset + shape.numel(), 0.0f);
  grads_.resize(offset + shape.numel(), 0.0f);
  return static_cast<ParamId>(params_.size() - 1);
}

ParamId ParameterStore::find(const std::string& name) const {
  for (size_t i = 0; i < params_.size(); ++i)
    if (params_[i].name == name) return static_cast<ParamId>(i);
  return -1;
}

TensorView ParameterStore::value(ParamId id) {
  return {values_.data() + params_[id].offset, params_[id].shape};
}
ConstTensorView ParameterStore::value(ParamId id) const {
  return {values_.data() + params_[id].offset, params_[id].shape};
}
TensorView ParameterStore::grad(ParamId id) {
  return {grads_.data() + params_[id].offset, params_[id].shape};
}
ConstTensorView ParameterStore::grad(ParamId id) const {
  return {grads_.data() + params_[id].offset, params_[id].shape};
}

void ParameterStore::zero_grad() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace flujo
