#include "core/ops/reference/recurrent_reference.hpp"

#include <cmath>

namespace flujo::ops::reference {
namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
float at_or_zero(ConstTensorView v, int64_t i) { return v ? v[i] : 0.0f; }

}  // namespace

void recurrent_forward(const RecurrentDims& d, const RecurrentOutputs& out, const RecurrentSaved& s,
                       const RecurrentInputs& in) {
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  const bool lstm = d.cell == RecurrentCell::lstm, gru = d.cell == RecurrentCell::gru;
  for (int64_t k = 0; k < B * H; ++k) {
    s.hidden[k] = at_or_zero(in.h0, k);
    if (lstm) s.cell[k] = at_or_zero(in.c0, k);
  }
  for (int64_t t = 0; t < T; ++t) {
    for (int64_t b = 0; b < B; ++b) {
      const int64_t row = t * B + b;  // time-major row of the saved buffers
      const float* x = in.x.data + (b * T + t) * F;
      const float* h_prev = s.hidden.data + row * H;
      float* a = s.gates.data + row * GH;
      // Pre-activations; the GRU keeps W_hn h + b_hn apart for the reset gate.
      for (int64_t k = 0; k < GH; ++k) {
        float from_input = in.bias_ih[k], from_hidden = in.bias_hh[k];
        for (int64_t f = 0; f < F; ++f) from_input += in.weight_ih[k * F + f] * x[f];
        for (int64_t j = 0; j < H; ++j) from_hidden += in.weight_hh[k * H + j] * h_prev[j];
        if (gru && k >= 2 * H) {
          a[k] = from_input;
          s.hidden_n[row * H + k - 2 * H] = from_hidden;
        } else {
          a[k] = from_input + from_hidden;
        }
      }
      float* h = s.hidden.data + (row + B) * H;
      for (int64_t j = 0; j < H; ++j) {
        if (lstm) {
          const float i = sigmoid(a[j]), f = sigmoid(a[H + j]);
          const float g = std::tanh(a[2 * H + j]), o = sigmoid(a[3 * H + j]);
          const float c = f * s.cell[row * H + j] + i * g;
          s.cell[(row + B) * H + j] = c;
          s.cell_tanh[row * H + j] = std::tanh(c);
          h[j] = o * std::tanh(c);
          a[j] = i, a[H + j] = f, a[2 * H + j] = g, a[3 * H + j] = o;
        } else if (gru) {
          const float r = sigmoid(a[j]), z = sigmoid(a[H + j]);
          const float n = std::tanh(a[2 * H + j] + r * s.hidden_n[row * H + j]);
          h[j] = (1.0f - z) * n + z * h_prev[j];
          a[j] = r, a[H + j] = z, a[2 * H + j] = n;
        } else {
          h[j] = std::tanh(a[j]);
          a[j] = h[j];
        }
        out.hidden[(b * T + t) * H + j] = h[j];
        if (lstm) out.cell[(b * T + t) * H + j] = s.cell[(row + B) * H + j];
      }
    }
  }
  for (int64_t k = 0; k < B * H; ++k) {
    out.final_hidden[k] = s.hidden[T * B * H + k];
    if (lstm) out.final_cell[k] = s.cell[T * B * H + k];
  }
}

void recurrent_backward(const RecurrentDims& d, const RecurrentInputGrads& din,
                        const RecurrentWork& w, const RecurrentOutputGrads& dout,
                        const RecurrentSaved& s, const RecurrentInputs& in) {
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  const bool lstm = d.cell == RecurrentCell::lstm, gru = d.cell == RecurrentCell::gru;
  // w.dhidden / w.dcell hold dL/dh_t and dL/dc_t coming back from step t+1.
  for (int64_t k = 0; k < B * H; ++k) {
    w.dhidden[k] = at_or_zero(dout.dfinal_hidden, k);
    if (lstm) w.dcell[k] = at_or_zero(dout.dfinal_cell, k);
  }
  for (int64_t t = T - 1; t >= 0; --t) {
    for (int64_t b = 0; b < B; ++b) {
      const int64_t row = t * B + b;
      const float* a = s.gates.data + row * GH;
      const float* h_prev = s.hidden.data + row * H;
      float* dgx = w.dgates.data + row * GH;                     // input side
      float* dgh = gru ? w.dgates_hidden.data + row * GH : dgx;  // hidden side
      float* dh = w.dhidden.data + b * H;
      for (int64_t j = 0; j < H; ++j) {
        dh[j] += at_or_zero(dout.dhidden, (b * T + t) * H + j);
        if (lstm) {
          float& dc = w.dcell[b * H + j];
          dc += at_or_zero(dout.dcell, (b * T + t) * H + j);
          const float i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j];
          const float c = s.cell[(row + B) * H + j], c_prev = s.cell[row * H + j];
          dc += dh[j] * o * (1.0f - std::tanh(c) * std::tanh(c));
          dgx[j] = dc * g * i * (1.0f - i);
          dgx[H + j] = dc * c_prev * f * (1.0f - f);
          dgx[2 * H + j] = dc * i * (1.0f - g * g);
          dgx[3 * H + j] = dh[j] * std::tanh(c) * o * (1.0f - o);
          dc *= f;
        } else if (gru) {
          const float r = a[j], z = a[H + j], n = a[2 * H + j];
          const float dn_pre = dh[j] * (1.0f - z) * (1.0f - n * n);
          dgx[j] = dgh[j] = dn_pre * s.hidden_n[row * H + j] * r * (1.0f - r);
          dgx[H + j] = dgh[H + j] = dh[j] * (h_prev[j] - n) * z * (1.0f - z);
          dgx[2 * H + j] = dn_pre;
          dgh[2 * H + j] = dn_pre * r;
        } else {
          dgx[j] = dh[j] * (1.0f - a[j] * a[j]);
        }
      }
      for (int64_t j = 0; j < H; ++j) {
        float sum = gru ? dh[j] * a[H + j] : 0.0f;
        for (int64_t k = 0; k < GH; ++k) sum += dgh[k] * in.weight_hh[k * H + j];
        dh[j] = sum;
      }
      const float* x = in.x.data + (b * T + t) * F;
      for (int64_t k = 0; k < GH; ++k) {
        for (int64_t f = 0; f < F; ++f) {
          if (din.dweight_ih) din.dweight_ih[k * F + f] += dgx[k] * x[f];
          if (din.dx) din.dx[(b * T + t) * F + f] += dgx[k] * in.weight_ih[k * F + f];
        }
        for (int64_t j = 0; j < H; ++j)
          if (din.dweight_hh) din.dweight_hh[k * H + j] += dgh[k] * h_prev[j];
        if (din.dbias_ih) din.dbias_ih[k] += dgx[k];
        if (din.dbias_hh) din.dbias_hh[k] += dgh[k];
      }
    }
  }
  for (int64_t k = 0; k < B * H; ++k) {
    if (din.dh0) din.dh0[k] += w.dhidden[k];
    if (din.dc0) din.dc0[k] += w.dcell[k];
  }
}

}  // namespace flujo::ops::reference
