#include "core/ops/recurrent.hpp"

#include <algorithm>
#include <string>

#include "core/ops/gate_math.hpp"
#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"

namespace flujo {
namespace ops {
namespace {

// Hands out consecutive parts of one buffer, each padded to 16 floats (64 bytes) so that parts
// start on vector boundaries relative to the base. With a null base it only counts.
struct Carver {
  float* base = nullptr;
  int64_t used = 0;
  TensorView take(Shape shape) {
    TensorView part{base ? base + used : nullptr, shape};
    used += (shape.numel() + 15) / 16 * 16;
    return part;
  }
};

RecurrentSaved carve_saved(Carver& carver, const RecurrentDims& d) {
  const int64_t t = d.steps, b = d.batch, h = d.hidden_size;
  RecurrentSaved s;
  s.inputs = carver.take({t, b, d.input_size});
  s.gates = carver.take({t, b, d.gates() * h});
  s.hidden = carver.take({t + 1, b, h});
  if (d.cell == RecurrentCell::lstm) {
    s.cell = carver.take({t + 1, b, h});
    s.cell_tanh = carver.take({t, b, h});
  }
  if (d.cell == RecurrentCell::gru) {
    s.hidden_n = carver.take({t, b, h});
    s.step = carver.take({b, d.gates() * h});
  }
  return s;
}

RecurrentWork carve_work(Carver& carver, const RecurrentDims& d) {
  const int64_t t = d.steps, b = d.batch, h = d.hidden_size;
  RecurrentWork w;
  w.dgates = carver.take({t, b, d.gates() * h});
  if (d.cell == RecurrentCell::gru) w.dgates_hidden = carver.take({t, b, d.gates() * h});
  w.dinputs = carver.take({t, b, d.input_size});
  w.dhidden = carver.take({b, h});
  if (d.cell == RecurrentCell::lstm) w.dcell = carver.take({b, h});
  return w;
}

// dst (B, H) = src, or zeros when src is empty (no initial state / no incoming gradient).
void copy_or_zero(float* dst, ConstTensorView src, int64_t count) {
  if (src) {
    std::copy(src.data, src.data + count, dst);
  } else {
    std::fill(dst, dst + count, 0.0f);
  }
}

}  // namespace

int64_t RecurrentDims::gates() const {
  return cell == RecurrentCell::lstm ? 4 : (cell == RecurrentCell::gru ? 3 : 1);
}

int64_t RecurrentSaved::floats(const RecurrentDims& dims) {
  Carver carver;
  carve_saved(carver, dims);
  return carver.used;
}
RecurrentSaved RecurrentSaved::carve(float* base, const RecurrentDims& dims) {
  Carver carver{base};
  return carve_saved(carver, dims);
}
int64_t RecurrentWork::floats(const RecurrentDims& dims) {
  Carver carver;
  carve_work(carver, dims);
  return carver.used;
}
RecurrentWork RecurrentWork::carve(float* base, const RecurrentDims& dims) {
  Carver carver{base};
  return carve_work(carver, dims);
}

void recurrent_forward(const RecurrentDims& d, const RecurrentOutputs& out, const RecurrentSaved& s,
                       const RecurrentInputs& in) {
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      std::copy_n(in.x.data + (b * T + t) * F, F, s.inputs.data + (t * B + b) * F);
  blas::gemm(false, true, T * B, GH, F, 1.0f, s.inputs.data, F, in.weight_ih.data, F, 0.0f,
             s.gates.data, GH);
  copy_or_zero(s.hidden.data, in.h0, B * H);
  if (d.cell == RecurrentCell::lstm) copy_or_zero(s.cell.data, in.c0, B * H);
  const float* bias_ih = in.bias_ih.data;
  const float* bias_hh = in.bias_hh.data;

  for (int64_t t = 0; t < T; ++t) {
    const float* h_prev = s.hidden.data + t * B * H;
    float* h_next = s.hidden.data + (t + 1) * B * H;
    float* gates = s.gates.data + t * B * GH;
    // With no initial state h_{-1} = 0 and the first recurrent product vanishes.
    const bool has_prev = t > 0 || static_cast<bool>(in.h0);
    if (d.cell == RecurrentCell::gru) {
      if (has_prev) {
        blas::gemm(false, true, B, GH, H, 1.0f, h_prev, H, in.weight_hh.data, H, 0.0f, s.step.data,
                   GH);
      } else {
        s.step.fill(0.0f);
      }
    } else if (has_prev) {
      blas::gemm(false, true, B, GH, H, 1.0f, h_prev, H, in.weight_hh.data, H, 1.0f, gates, GH);
    }
    for (int64_t b = 0; b < B; ++b) {
      float* g = gates + b * GH;
      const float* hp = h_prev + b * H;
      float* h = h_next + b * H;
      float* out_h = out.hidden.data + (b * T + t) * H;
      if (d.cell == RecurrentCell::lstm) {
        const float* c_prev = s.cell.data + (t * B + b) * H;
        float* c = s.cell.data + ((t + 1) * B + b) * H;
        float* c_tanh = s.cell_tanh.data + (t * B + b) * H;
        float* out_c = out.cell.data + (b * T + t) * H;
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) {
          const float i = gate_math::sigmoid(g[j] + bias_ih[j] + bias_hh[j]);
          const float f = gate_math::sigmoid(g[H + j] + bias_ih[H + j] + bias_hh[H + j]);
          const float gg = gate_math::tanh(g[2 * H + j] + bias_ih[2 * H + j] + bias_hh[2 * H + j]);
          const float o =
              gate_math::sigmoid(g[3 * H + j] + bias_ih[3 * H + j] + bias_hh[3 * H + j]);
          const float c_new = f * c_prev[j] + i * gg;
          const float tc = gate_math::tanh(c_new);
          g[j] = i;
          g[H + j] = f;
          g[2 * H + j] = gg;
          g[3 * H + j] = o;
          c[j] = c_new;
          out_c[j] = c_new;
          c_tanh[j] = tc;
          h[j] = o * tc;
          out_h[j] = o * tc;
        }
      } else if (d.cell == RecurrentCell::gru) {
        const float* gh = s.step.data + b * GH;
        float* hn = s.hidden_n.data + (t * B + b) * H;
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) {
          const float r = gate_math::sigmoid(g[j] + bias_ih[j] + gh[j] + bias_hh[j]);
          const float z =
              gate_math::sigmoid(g[H + j] + bias_ih[H + j] + gh[H + j] + bias_hh[H + j]);
          const float hidden_n = gh[2 * H + j] + bias_hh[2 * H + j];
          const float n = gate_math::tanh(g[2 * H + j] + bias_ih[2 * H + j] + r * hidden_n);
          const float h_new = (1.0f - z) * n + z * hp[j];
          g[j] = r;
          g[H + j] = z;
          g[2 * H + j] = n;
          hn[j] = hidden_n;
          h[j] = h_new;
          out_h[j] = h_new;
        }
      } else {
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) {
          const float h_new = gate_math::tanh(g[j] + bias_ih[j] + bias_hh[j]);
          g[j] = h_new;
          h[j] = h_new;
          out_h[j] = h_new;
        }
      }
    }
  }
  std::copy_n(s.hidden.data + T * B * H, B * H, out.final_hidden.data);
  if (d.cell == RecurrentCell::lstm)
    std::copy_n(s.cell.data + T * B * H, B * H, out.final_cell.data);
}

void recurrent_backward(const RecurrentDims& d, const RecurrentInputGrads& din,
                        const RecurrentWork& w, const RecurrentOutputGrads& dout,
                        const RecurrentSaved& s, const RecurrentInputs& in) {
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  const bool lstm = d.cell == RecurrentCell::lstm, gru = d.cell == RecurrentCell::gru;
  // dh (B, H) carries dL/dh_t from step t+1 back to step t; dc likewise for the LSTM cell.
  float* dh = w.dhidden.data;
  float* dc = w.dcell.data;
  copy_or_zero(dh, dout.dfinal_hidden, B * H);
  if (lstm) copy_or_zero(dc, dout.dfinal_cell, B * H);
  const float* dgates_hidden_all = gru ? w.dgates_hidden.data : w.dgates.data;

  for (int64_t t = T - 1; t >= 0; --t) {
    const float* gates = s.gates.data + t * B * GH;
    float* dgates = w.dgates.data + t * B * GH;
    for (int64_t b = 0; b < B; ++b) {
      const float* g = gates + b * GH;
      float* dg = dgates + b * GH;
      float* dhb = dh + b * H;
      if (dout.dhidden) {
        const float* dout_h = dout.dhidden.data + (b * T + t) * H;
        for (int64_t j = 0; j < H; ++j) dhb[j] += dout_h[j];
      }
      if (lstm) {
        float* dcb = dc + b * H;
        if (dout.dcell) {
          const float* dout_c = dout.dcell.data + (b * T + t) * H;
          for (int64_t j = 0; j < H; ++j) dcb[j] += dout_c[j];
        }
        const float* c_prev = s.cell.data + (t * B + b) * H;
        const float* c_tanh = s.cell_tanh.data + (t * B + b) * H;
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) {
          const float i = g[j], f = g[H + j], gg = g[2 * H + j], o = g[3 * H + j];
          const float tc = c_tanh[j];
          const float dcj = dcb[j] + dhb[j] * o * (1.0f - tc * tc);
          dg[j] = dcj * gg * i * (1.0f - i);
          dg[H + j] = dcj * c_prev[j] * f * (1.0f - f);
          dg[2 * H + j] = dcj * i * (1.0f - gg * gg);
          dg[3 * H + j] = dhb[j] * tc * o * (1.0f - o);
          dcb[j] = dcj * f;
        }
      } else if (gru) {
        const float* hp = s.hidden.data + (t * B + b) * H;
        const float* hn = s.hidden_n.data + (t * B + b) * H;
        float* dgh = w.dgates_hidden.data + (t * B + b) * GH;
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) {
          const float r = g[j], z = g[H + j], n = g[2 * H + j];
          const float dn = dhb[j] * (1.0f - z) * (1.0f - n * n);
          const float dr = dn * hn[j] * r * (1.0f - r);
          const float dz = dhb[j] * (hp[j] - n) * z * (1.0f - z);
          dg[j] = dr;
          dg[H + j] = dz;
          dg[2 * H + j] = dn;
          dgh[j] = dr;
          dgh[H + j] = dz;
          dgh[2 * H + j] = dn * r;
          dhb[j] = dhb[j] * z;  // the direct path h_{t-1} → h_t; the gemm below adds the rest
        }
      } else {
#pragma GCC ivdep
        for (int64_t j = 0; j < H; ++j) dg[j] = dhb[j] * (1.0f - g[j] * g[j]);
      }
    }
    if (t > 0 || din.dh0) {
      blas::gemm(false, false, B, H, GH, 1.0f, dgates_hidden_all + t * B * GH, GH,
                 in.weight_hh.data, H, gru ? 1.0f : 0.0f, dh, H);
    }
  }
  if (din.dh0)
    for (int64_t k = 0; k < B * H; ++k) din.dh0[k] += dh[k];
  if (din.dc0)
    for (int64_t k = 0; k < B * H; ++k) din.dc0[k] += dc[k];

  const int64_t rows = T * B;
  if (din.dweight_ih) {
    blas::gemm(true, false, GH, F, rows, 1.0f, w.dgates.data, GH, s.inputs.data, F, 1.0f,
               din.dweight_ih.data, F);
  }
  // h_{t-1} for all steps is the first T·B rows of the time-major hidden buffer.
  if (din.dweight_hh) {
    blas::gemm(true, false, GH, H, rows, 1.0f, dgates_hidden_all, GH, s.hidden.data, H, 1.0f,
               din.dweight_hh.data, H);
  }
  if (din.dbias_ih)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < GH; ++j) din.dbias_ih[j] += w.dgates[r * GH + j];
  if (din.dbias_hh)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < GH; ++j) din.dbias_hh[j] += dgates_hidden_all[r * GH + j];
  if (din.dx) {
    blas::gemm(false, false, rows, F, GH, 1.0f, w.dgates.data, GH, in.weight_ih.data, F, 0.0f,
               w.dinputs.data, F);
    for (int64_t b = 0; b < B; ++b)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t f = 0; f < F; ++f)
          din.dx[(b * T + t) * F + f] += w.dinputs[(t * B + b) * F + f];
  }
}

}  // namespace ops
}  // namespace flujo
