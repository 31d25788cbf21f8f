#pragma once
// The fused recurrent layer's per-row gate passes (flujo/core/recurrent.hpp) at the active kernel
// level, a vector of hidden units at a time; PyTorch's equations and gate order. H = hidden_size,
// G = gates (RNN 1, LSTM 4: i f g o, GRU 3: r z n); every pointer is one batch row's row.
#include <cstdint>

#include "flujo/core/recurrent.hpp"

namespace flujo::ops {

// Forward at one step. gates (G·H) holds x_t·W_ihᵀ (+ h_{t-1}·W_hhᵀ but for the GRU) and gets
// the activations (RNN: h_t). GRU: step (3H) = h_{t-1}·W_hhᵀ; hidden_n (H) gets W_hn h + b_hn.
// LSTM: c_prev in; c, c_tanh and out_c out. h and out_h get h_t.
struct GateRowForward {
  RecurrentCell cell = RecurrentCell::lstm;
  int64_t hidden_size = 0;
  float* gates = nullptr;
  const float* bias_ih = nullptr;
  const float* bias_hh = nullptr;
  const float* h_prev = nullptr;  // GRU
  const float* step = nullptr;    // GRU
  float* hidden_n = nullptr;      // GRU
  const float* c_prev = nullptr;  // LSTM
  float* c = nullptr;             // LSTM
  float* c_tanh = nullptr;        // LSTM
  float* out_c = nullptr;         // LSTM
  float* h = nullptr;
  float* out_h = nullptr;
};
void gate_forward(const GateRowForward& row);

// Backward at one step: dgates (G·H) from dh = dhidden + dout_hidden = dL/dh_t (and
// dc = dcell + dout_cell = dL/dc_t; the output gradients of step t may be null) through the
// saved activations. dhidden becomes dh (GRU: z ⊙ dh, the direct part of dL/dh_{t-1}) and dcell
// becomes dL/dc_{t-1} (LSTM). GRU: dgates_hidden (3H) gets the hidden side (the n gate scaled
// by r).
struct GateRowBackward {
  RecurrentCell cell = RecurrentCell::lstm;
  int64_t hidden_size = 0;
  const float* gates = nullptr;
  float* dgates = nullptr;
  float* dhidden = nullptr;
  const float* dout_hidden = nullptr;
  float* dcell = nullptr;           // LSTM
  const float* dout_cell = nullptr;  // LSTM
  const float* c_prev = nullptr;    // LSTM
  const float* c_tanh = nullptr;    // LSTM
  const float* h_prev = nullptr;    // GRU
  const float* hidden_n = nullptr;  // GRU
  float* dgates_hidden = nullptr;   // GRU
};
void gate_backward(const GateRowBackward& row);

// The gates' sigmoid and tanh on n values, as the passes above compute them (for tests).
void gate_sigmoid(const float* x, float* y, int64_t n);
void gate_tanh(const float* x, float* y, int64_t n);

}  // namespace flujo::ops
