#pragma once
// Shape, views and the owning float32 Tensor. Storage is contiguous and row-major; a view is a
// pointer plus a shape and never owns memory. Kernels take views so that data windows, parameter
// slices and tape buffers all look the same to them.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace flujo {

class Shape {
 public:
  static constexpr int kMaxRank = 5;

  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(const std::vector<int64_t>& dims);
  explicit Shape(std::span<const int64_t> dims);

  int rank() const { return rank_; }
  int64_t operator[](int axis) const { return dims_[axis]; }
  int64_t numel() const;
  // The shape with the leading axes merged into one row axis: (a, b, c) -> (a*b, c).
  Shape as_matrix() const;
  // The same shape with one axis resized; axis -1 is the last.
  Shape with_dim(int axis, int64_t size) const;
  std::vector<int64_t> dims() const { return {dims_.begin(), dims_.begin() + rank_}; }
  std::string str() const;  // "(2, 3, 4)"

  bool operator==(const Shape& other) const;

 private:
  template <typename Range>
  void assign(const Range& dims);

  std::array<int64_t, kMaxRank> dims_{};
  int rank_ = 0;
};

struct ConstTensorView;

struct TensorView {
  float* data = nullptr;
  Shape shape;

  int64_t numel() const { return shape.numel(); }
  explicit operator bool() const { return data != nullptr; }
  float& operator[](int64_t i) const { return data[i]; }
  void fill(float value) const;
  void copy_from(const ConstTensorView& source) const;
};

struct ConstTensorView {
  const float* data = nullptr;
  Shape shape;

  ConstTensorView() = default;
  ConstTensorView(const float* d, Shape s) : data(d), shape(s) {}
  ConstTensorView(const TensorView& v) : data(v.data), shape(v.shape) {}  // NOLINT: views widen to const

  int64_t numel() const { return shape.numel(); }
  explicit operator bool() const { return data != nullptr; }
  float operator[](int64_t i) const { return data[i]; }
};

// Owning tensor with shared storage: copies share memory, clone() does not.
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);
  static Tensor from(Shape shape, const std::vector<float>& values);

  const Shape& shape() const { return shape_; }
  int64_t numel() const { return shape_.numel(); }
  float* data() { return storage_.get(); }
  const float* data() const { return storage_.get(); }
  float& operator[](int64_t i) { return storage_[i]; }
  float operator[](int64_t i) const { return storage_[i]; }

  TensorView view() { return {storage_.get(), shape_}; }
  ConstTensorView view() const { return {storage_.get(), shape_}; }
  Tensor clone() const;
  std::vector<float> to_vector() const { return {data(), data() + numel()}; }

 private:
  std::shared_ptr<float[]> storage_;
  Shape shape_;
};

}  // namespace flujo
