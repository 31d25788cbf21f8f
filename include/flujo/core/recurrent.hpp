#pragma once
// The fused recurrent op, public: recurrent_layer (the tape op, also in flujo/core/ops.hpp) and
// the kernels under it, which steppers drive without a tape (nn::RecurrentStepper).
//
// Fused recurrent layer (RNN tanh, LSTM, GRU): one kernel pair over a whole sequence with
// PyTorch's equations, gate order and biases. Shapes: x (B, T, F); weight_ih (G·H, F);
// weight_hh (G·H, H); bias_ih, bias_hh (G·H); h0, c0 (B, H) or empty for zeros; outputs hidden
// and cell (B, T, H), final_hidden and final_cell (B, H). G = 1 (RNN), 4 (LSTM: i, f, g, o) or
// 3 (GRU: r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))). cell / c0 / final_cell
// exist for the LSTM only.
//
// Forward: the batch is split into dims.parts() blocks of rows, one per worker
// (flujo/core/parallel.hpp), each running all T steps on its rows alone: per step an input product
// x_t·W_ihᵀ and a recurrent product h_{t-1}·W_hhᵀ (ops::small_gemm, against transposed copies of
// the weights made once per call) and one fused pass over the gates. Backward (BPTT) per worker
// and step: one fused pass, dh_{t-1} = dgates·W_hh (and dinputs = dgates·W_ih), in chunks of at
// most 64 steps, newest first. After all workers are done with a chunk, its dW_hh is one BLAS
// gemm over the chunk's rows, which is why everything saved is time-major (T, B, ·); the bias
// gradients, and dW_ih for F ≤ 4 (else a gemm too), are column sums over the same rows in one
// pass (core/ops/column_sums), the columns split across workers.
// The split depends on B and dims.threads only: a fixed thread count repeats bit for bit.
//
// Saved for backward (RecurrentSaved): inputs (T, B, F), x time-major; gates (T, B, G·H), the
// activations (RNN: the pre-activation workspace); hidden (T+1, B, H) = h0, h_1 .. h_T. LSTM:
// cell (T+1, B, H) = c0, c_1 .. c_T and cell_tanh (T, B, H). GRU: hidden_n (T, B, H) =
// W_hn h_{t-1} + b_hn and step (B, 3H), the per-step recurrent product. Forward workspace:
// weight_ih_t (F, S) and weight_hh_t (H, S), the weights transposed in rows of stride S ≥ G·H
// (padded against cache-set conflicts; the first G·H columns hold the weights).
// Backward workspace (RecurrentWork): dgates (T, B, G·H); GRU: dgates_hidden (T, B, 3H), since
// the hidden side of the n gate is scaled by r; dinputs (T, B, F); dhidden, dcell (B, H);
// weight_hh (G·H, S'), a copy of W_hh in rows of padded stride S' ≥ H for the dh products.
#include <cstdint>

#include "flujo/core/recurrent_cell.hpp"
#include "flujo/core/tape.hpp"
#include "flujo/core/tensor.hpp"

namespace flujo {

namespace ops {

struct RecurrentDims {
  RecurrentCell cell = RecurrentCell::lstm;
  int64_t batch = 0, steps = 0, input_size = 0, hidden_size = 0;
  int64_t threads = 1;    // workers the batch is split across (results depend on it, bitwise)
  int64_t gates() const;  // G
  int64_t parts() const;  // threads, at most one per batch row; 1 for large layers
};

struct RecurrentInputs {
  ConstTensorView x, weight_ih, weight_hh, bias_ih, bias_hh, h0, c0;
};
// Backward adds into each; any may be empty (not wanted).
struct RecurrentInputGrads {
  TensorView dx, dweight_ih, dweight_hh, dbias_ih, dbias_hh, dh0, dc0;
};
struct RecurrentOutputs {
  TensorView hidden, cell, final_hidden, final_cell;
};
// Gradients arriving at the outputs; an empty one counts as zero.
struct RecurrentOutputGrads {
  ConstTensorView dhidden, dcell, dfinal_hidden, dfinal_cell;
};

// Both are carved out of one float buffer of floats(dims) elements (parts 64-byte multiples).
struct RecurrentSaved {
  TensorView inputs, gates, hidden, cell, cell_tanh, hidden_n, step, weight_ih_t, weight_hh_t;
  static int64_t floats(const RecurrentDims& dims);
  static RecurrentSaved carve(float* base, const RecurrentDims& dims);
};
struct RecurrentWork {
  TensorView dgates, dgates_hidden, dinputs, dhidden, dcell, weight_hh;
  static int64_t floats(const RecurrentDims& dims);
  static RecurrentWork carve(float* base, const RecurrentDims& dims);
};

void recurrent_forward(const RecurrentDims& dims, const RecurrentOutputs& out,
                       const RecurrentSaved& saved, const RecurrentInputs& in);
void recurrent_backward(const RecurrentDims& dims, const RecurrentInputGrads& din,
                        const RecurrentWork& work, const RecurrentOutputGrads& dout,
                        const RecurrentSaved& saved, const RecurrentInputs& in);

// Inference steps without the tape (nn::RecurrentStepper), with dims.steps = 1 and saved carved
// for those dims: recurrent_prepare_step transposes the weights into saved once; each
// recurrent_step_rows then advances batch rows [begin, end) one step from h_prev = saved.hidden
// row 0 (and c_prev = saved.cell row 0), the input read from saved.inputs, the new state written
// to out.hidden / out.cell (B, 1, H); final_hidden / final_cell are not used. in.h0 must be
// non-empty (a previous state exists); in.x is not read. The arithmetic is recurrent_forward's,
// so a row's step gives the same bits either way.
void recurrent_prepare_step(const RecurrentDims& dims, const RecurrentSaved& saved,
                            const RecurrentInputs& in);
void recurrent_step_rows(const RecurrentDims& dims, const RecurrentOutputs& out,
                         const RecurrentSaved& saved, const RecurrentInputs& in, int64_t begin,
                         int64_t end);

// Σ a[i]·b[i] for i < n, lane by lane in order and the lanes in a fixed tree: a row's result
// depends on nothing but its own values and the level (a stepper's head, one row at a time).
float dot(const float* a, const float* b, int64_t n);

}  // namespace ops

// One layer of a stacked network as one tape op. h0, c0 (L, B, H) may be empty. The layer reads
// row `layer` of h0 / c0 and writes row `layer` of final_hidden / final_cell (L, B, H), which the
// caller makes (tape.make) before the first layer, so that all layers' final states form one Var
// whose gradient each layer's backward reads once later ops have filled it.
struct RecurrentLayerArgs {
  RecurrentCell cell = RecurrentCell::lstm;
  int layer = 0;
  Var x, weight_ih, weight_hh, bias_ih, bias_hh;
  Var h0, c0;
  Var final_hidden, final_cell;  // final_cell: LSTM only
};
struct RecurrentLayerResult {
  Var hidden;  // (B, T, H)
  Var cell;    // (B, T, H), LSTM only
};
RecurrentLayerResult recurrent_layer(const RecurrentLayerArgs& args);

}  // namespace flujo
