#include "flujo/core/tensor.hpp"

#include <algorithm>
#include <cstring>

#include "flujo/core/error.hpp"

namespace flujo {

// Shapes are built inside training steps, so the checks build no message unless they fail.
template <typename Range>
void Shape::assign(const Range& dims) {
  if (dims.size() > static_cast<size_t>(kMaxRank))
    throw Error("tensor rank " + std::to_string(dims.size()) + " exceeds the maximum of 5");
  for (int64_t d : dims)
    if (d < 0) throw Error("negative tensor dimension " + std::to_string(d));
  rank_ = static_cast<int>(dims.size());
  std::copy(dims.begin(), dims.end(), dims_.begin());
}

Shape::Shape(std::initializer_list<int64_t> dims) { assign(dims); }

Shape::Shape(const std::vector<int64_t>& dims) { assign(dims); }

Shape::Shape(std::span<const int64_t> dims) { assign(dims); }

int64_t Shape::numel() const {
  int64_t n = 1;
  for (int i = 0; i < rank_; ++i) n *= dims_[i];
  return n;
}

Shape Shape::as_matrix() const {
  if (rank_ <= 1) return Shape{1, rank_ == 0 ? 1 : dims_[0]};
  return Shape{numel() / dims_[rank_ - 1], dims_[rank_ - 1]};
}

Shape Shape::with_dim(int axis, int64_t size) const {
  Shape s = *this;
  s.dims_[axis < 0 ? rank_ + axis : axis] = size;
  return s;
}

std::string Shape::str() const {
  std::string s = "(";
  for (int i = 0; i < rank_; ++i) {
    if (i) s += ", ";
    s += std::to_string(dims_[i]);
  }
  return s + ")";
}

bool Shape::operator==(const Shape& other) const {
  return rank_ == other.rank_ && std::equal(dims_.begin(), dims_.begin() + rank_, other.dims_.begin());
}

void TensorView::fill(float value) const { std::fill(data, data + numel(), value); }

void TensorView::copy_from(const ConstTensorView& source) const {
  require(source.numel() == numel(),
          "copy between shapes " + source.shape.str() + " and " + shape.str());
  std::memcpy(data, source.data, sizeof(float) * numel());
}

Tensor::Tensor(Shape shape, float fill)
    : storage_(new float[std::max<int64_t>(shape.numel(), 1)]), shape_(shape) {
  std::fill(storage_.get(), storage_.get() + shape.numel(), fill);
}

Tensor Tensor::from(Shape shape, const std::vector<float>& values) {
  require(static_cast<int64_t>(values.size()) == shape.numel(),
          "tensor of shape " + shape.str() + " needs " + std::to_string(shape.numel()) +
              " values, got " + std::to_string(values.size()));
  Tensor t(shape);
  std::copy(values.begin(), values.end(), t.data());
  return t;
}

Tensor Tensor::clone() const {
  Tensor t(shape_);
  std::memcpy(t.data(), data(), sizeof(float) * numel());
  return t;
}

}  // namespace flujo
