#pragma once
// flujo core: float32 tensors and views, the flat parameter store, the tape of differentiable ops.
//
//   flujo::ParameterStore store;
//   auto w = store.add("fc.weight", {3, 4});
//   flujo::Tape tape;
//   flujo::Var y = flujo::linear(tape.constant(x.view()), tape.param(store, w), {});
//   tape.backward(flujo::mean(y));     // d(mean y)/dw now in store.grad(w)
#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/float_mode.hpp"
#include "flujo/core/kernel_level.hpp"
#include "flujo/core/ops.hpp"
#include "flujo/core/parameters.hpp"
#include "flujo/core/random.hpp"
#include "flujo/core/recurrent_cell.hpp"
#include "flujo/core/tape.hpp"
#include "flujo/core/tensor.hpp"
#include "flujo/core/safetensors.hpp"
