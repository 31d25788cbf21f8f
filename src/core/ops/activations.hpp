#pragma once
// Elementwise activation kernel pairs; x and y share any shape. Backward adds into dx.
// Saved for backward: tanh, sigmoid, relu, exp and sqrt read their output y (its derivative is a
// function of y alone: 1 − y², y(1 − y), [y > 0], y, 1 / 2y); gelu reads its input x.
#include "flujo/core/tensor.hpp"

namespace flujo::ops {

void tanh_forward(TensorView y, ConstTensorView x);
void tanh_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

void sigmoid_forward(TensorView y, ConstTensorView x);
void sigmoid_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

void relu_forward(TensorView y, ConstTensorView x);
void relu_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

// y = eˣ (the variational autoencoder's standard deviation from its log-variance).
void exp_forward(TensorView y, ConstTensorView x);
void exp_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

// y = √x for x ≥ 0 (the false-nearest-neighbour penalty's root-mean-square activities); keep x
// away from 0, where the derivative is infinite.
void sqrt_forward(TensorView y, ConstTensorView x);
void sqrt_backward(TensorView dx, ConstTensorView dy, ConstTensorView y);

// Exact gelu y = x·Φ(x), Φ the standard normal CDF (PyTorch's approximate='none').
void gelu_forward(TensorView y, ConstTensorView x);
void gelu_backward(TensorView dx, ConstTensorView dy, ConstTensorView x);

}  // namespace flujo::ops
