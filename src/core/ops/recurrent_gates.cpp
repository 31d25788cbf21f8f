// Compiled once per kernel level (Highway's foreach_target re-includes this file).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/ops/recurrent_gates.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "core/ops/gate_math-inl.h"
#include "core/ops/recurrent_gates.hpp"
#include "core/ops/simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace flujo::ops::HWY_NAMESPACE {
namespace {

void lstm_forward(const GateRowForward& r) {
  const int64_t H = r.hidden_size;
  const float *bi = r.bias_ih, *bh = r.bias_hh;
  float* g = r.gates;
  for_each_chunk(H, [&](Chunk u) {
    const Vec i = sigmoid(u.load(g) + u.load(bi) + u.load(bh));
    const Vec f = sigmoid(u.load(g + H) + u.load(bi + H) + u.load(bh + H));
    const Vec gg = tanh(u.load(g + 2 * H) + u.load(bi + 2 * H) + u.load(bh + 2 * H));
    const Vec o = sigmoid(u.load(g + 3 * H) + u.load(bi + 3 * H) + u.load(bh + 3 * H));
    const Vec c_new = f * u.load(r.c_prev) + i * gg;
    const Vec tc = tanh(c_new);
    u.store(g, i);
    u.store(g + H, f);
    u.store(g + 2 * H, gg);
    u.store(g + 3 * H, o);
    u.store(r.c, c_new);
    u.store(r.out_c, c_new);
    u.store(r.c_tanh, tc);
    u.store(r.h, o * tc);
    u.store(r.out_h, o * tc);
  });
}

void gru_forward(const GateRowForward& r) {
  const int64_t H = r.hidden_size;
  const float *bi = r.bias_ih, *bh = r.bias_hh, *gh = r.step;
  float* g = r.gates;
  const Vec one = broadcast(1.0f);
  for_each_chunk(H, [&](Chunk u) {
    const Vec rr = sigmoid(u.load(g) + u.load(bi) + u.load(gh) + u.load(bh));
    const Vec z = sigmoid(u.load(g + H) + u.load(bi + H) + u.load(gh + H) + u.load(bh + H));
    const Vec hidden_n = u.load(gh + 2 * H) + u.load(bh + 2 * H);
    const Vec n = tanh(u.load(g + 2 * H) + u.load(bi + 2 * H) + rr * hidden_n);
    const Vec h_new = (one - z) * n + z * u.load(r.h_prev);
    u.store(g, rr);
    u.store(g + H, z);
    u.store(g + 2 * H, n);
    u.store(r.hidden_n, hidden_n);
    u.store(r.h, h_new);
    u.store(r.out_h, h_new);
  });
}

void rnn_forward(const GateRowForward& r) {
  for_each_chunk(r.hidden_size, [&](Chunk u) {
    const Vec h_new = tanh(u.load(r.gates) + u.load(r.bias_ih) + u.load(r.bias_hh));
    u.store(r.gates, h_new);
    u.store(r.h, h_new);
    u.store(r.out_h, h_new);
  });
}

// dL/dh_t: what the next step sent back plus the output's own gradient at this step.
Vec hidden_gradient(const GateRowBackward& r, const Chunk& u) {
  const Vec dh = u.load(r.dhidden);
  return r.dout_hidden ? dh + u.load(r.dout_hidden) : dh;
}

void lstm_backward(const GateRowBackward& r) {
  const int64_t H = r.hidden_size;
  const float* g = r.gates;
  float* dg = r.dgates;
  const Vec one = broadcast(1.0f);
  for_each_chunk(H, [&](Chunk u) {
    const Vec i = u.load(g), f = u.load(g + H), gg = u.load(g + 2 * H), o = u.load(g + 3 * H);
    const Vec tc = u.load(r.c_tanh), dh = hidden_gradient(r, u);
    const Vec dc_next = r.dout_cell ? u.load(r.dcell) + u.load(r.dout_cell) : u.load(r.dcell);
    const Vec dc = dc_next + dh * o * (one - tc * tc);
    u.store(dg, dc * gg * i * (one - i));
    u.store(dg + H, dc * u.load(r.c_prev) * f * (one - f));
    u.store(dg + 2 * H, dc * i * (one - gg * gg));
    u.store(dg + 3 * H, dh * tc * o * (one - o));
    u.store(r.dcell, dc * f);
    u.store(r.dhidden, dh);
  });
}

void gru_backward(const GateRowBackward& r) {
  const int64_t H = r.hidden_size;
  const float* g = r.gates;
  const Vec one = broadcast(1.0f);
  for_each_chunk(H, [&](Chunk u) {
    const Vec rr = u.load(g), z = u.load(g + H), n = u.load(g + 2 * H);
    const Vec dh = hidden_gradient(r, u);
    const Vec dn = dh * (one - z) * (one - n * n);
    const Vec dr = dn * u.load(r.hidden_n) * rr * (one - rr);
    const Vec dz = dh * (u.load(r.h_prev) - n) * z * (one - z);
    u.store(r.dgates, dr);
    u.store(r.dgates + H, dz);
    u.store(r.dgates + 2 * H, dn);
    u.store(r.dgates_hidden, dr);
    u.store(r.dgates_hidden + H, dz);
    u.store(r.dgates_hidden + 2 * H, dn * rr);
    u.store(r.dhidden, dh * z);  // the direct path h_{t-1} → h_t; the product adds the rest
  });
}

void rnn_backward(const GateRowBackward& r) {
  const Vec one = broadcast(1.0f);
  for_each_chunk(r.hidden_size, [&](Chunk u) {
    const Vec h = u.load(r.gates), dh = hidden_gradient(r, u);
    u.store(r.dgates, dh * (one - h * h));
    u.store(r.dhidden, dh);
  });
}

}  // namespace

void GateForwardKernel(const GateRowForward& row) {
  switch (row.cell) {
    case RecurrentCell::lstm: lstm_forward(row); break;
    case RecurrentCell::gru: gru_forward(row); break;
    case RecurrentCell::rnn_tanh: rnn_forward(row); break;
  }
}

void GateBackwardKernel(const GateRowBackward& row) {
  switch (row.cell) {
    case RecurrentCell::lstm: lstm_backward(row); break;
    case RecurrentCell::gru: gru_backward(row); break;
    case RecurrentCell::rnn_tanh: rnn_backward(row); break;
  }
}

void GateSigmoidKernel(const float* x, float* y, int64_t n) {
  for_each_chunk(n, [&](Chunk u) { u.store(y, sigmoid(u.load(x))); });
}
void GateTanhKernel(const float* x, float* y, int64_t n) {
  for_each_chunk(n, [&](Chunk u) { u.store(y, tanh(u.load(x))); });
}

float DotKernel(const float* a, const float* b, int64_t n) {
  Vec acc = hn::Zero(Floats());
  for_each_chunk(n, [&](Chunk u) { acc = fma(u.load(a), u.load(b), acc); });
  return sum(acc);
}

}  // namespace flujo::ops::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "core/ops/dispatch.hpp"

namespace flujo::ops {
HWY_EXPORT(GateForwardKernel);
HWY_EXPORT(GateBackwardKernel);
HWY_EXPORT(GateSigmoidKernel);
HWY_EXPORT(GateTanhKernel);
HWY_EXPORT(DotKernel);
void gate_forward(const GateRowForward& row) { FLUJO_DISPATCH(GateForwardKernel)(row); }
void gate_backward(const GateRowBackward& row) { FLUJO_DISPATCH(GateBackwardKernel)(row); }
void gate_sigmoid(const float* x, float* y, int64_t n) { FLUJO_DISPATCH(GateSigmoidKernel)(x, y, n); }
void gate_tanh(const float* x, float* y, int64_t n) { FLUJO_DISPATCH(GateTanhKernel)(x, y, n); }
float dot(const float* a, const float* b, int64_t n) { return FLUJO_DISPATCH(DotKernel)(a, b, n); }
}  // namespace flujo::ops
#endif
