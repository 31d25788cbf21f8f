#include "flujo/core/recurrent.hpp"

#include <algorithm>
#include <string>

#include "core/ops/column_sums.hpp"
#include "core/ops/fused_parts.hpp"
#include "core/ops/recurrent_gates.hpp"
#include "flujo/core/parallel.hpp"
#include "flujo/core/blas.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/float_mode.hpp"

namespace flujo {
namespace ops {
namespace {

// The batch rows [begin, end) one worker owns; the split depends on B and parts() only.
struct Rows {
  int64_t begin, end;
  int64_t count() const { return end - begin; }
};
Rows rows_of(const RecurrentDims& d, int part) {
  const int parts = static_cast<int>(d.parts());
  return {parallel::part_begin(d.batch, part, parts),
          parallel::part_begin(d.batch, part + 1, parts)};
}

void forward_rows(const RecurrentDims& d, const RecurrentOutputs& out, const RecurrentSaved& s,
                  const RecurrentInputs& in, Rows rows) {
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  const float* bias_ih = in.bias_ih.data;
  const float* bias_hh = in.bias_hh.data;
  const int64_t ldw = s.weight_hh_t.shape[1];  // the row stride of both transposed weights
  for (int64_t t = 0; t < T; ++t) {
    const float* h_prev = s.hidden.data + t * B * H;
    float* h_next = s.hidden.data + (t + 1) * B * H;
    float* gates = s.gates.data + t * B * GH;
    gemm_rows(rows.count(), GH, F, s.inputs.data + (t * B + rows.begin) * F, F,
              s.weight_ih_t.data, ldw, gates + rows.begin * GH, GH, false);
    // With no initial state h_{-1} = 0 and the first recurrent product vanishes.
    const bool has_prev = t > 0 || static_cast<bool>(in.h0);
    if (d.cell == RecurrentCell::gru) {
      float* step = s.step.data + rows.begin * GH;
      if (has_prev) {
        gemm_rows(rows.count(), GH, H, h_prev + rows.begin * H, H, s.weight_hh_t.data, ldw, step,
                  GH, false);
      } else {
        std::fill(step, step + rows.count() * GH, 0.0f);
      }
    } else if (has_prev) {
      gemm_rows(rows.count(), GH, H, h_prev + rows.begin * H, H, s.weight_hh_t.data, ldw,
                gates + rows.begin * GH, GH, true);
    }
    for (int64_t b = rows.begin; b < rows.end; ++b) {
      GateRowForward row{.cell = d.cell, .hidden_size = H, .gates = gates + b * GH,
                         .bias_ih = bias_ih, .bias_hh = bias_hh, .h = h_next + b * H,
                         .out_h = out.hidden.data + (b * T + t) * H};
      if (d.cell == RecurrentCell::lstm) {
        row.c_prev = s.cell.data + (t * B + b) * H;
        row.c = s.cell.data + ((t + 1) * B + b) * H;
        row.c_tanh = s.cell_tanh.data + (t * B + b) * H;
        row.out_c = out.cell.data + (b * T + t) * H;
      } else if (d.cell == RecurrentCell::gru) {
        row.h_prev = h_prev + b * H;
        row.step = s.step.data + b * GH;
        row.hidden_n = s.hidden_n.data + (t * B + b) * H;
      }
      gate_forward(row);
    }
  }
}

// The output gradients' rows of step t, batch row b, are T·H floats apart from the next batch
// row's: the hardware prefetcher does not follow the backward walk through them, so each gate
// pass asks for its row's lines of step t - 1 ahead of time.
void prefetch_row(ConstTensorView grad, int64_t row, int64_t hidden_size) {
  if (!grad) return;
  const float* first = grad.data + row * hidden_size;
  for (int64_t j = 0; j < hidden_size; j += 16) __builtin_prefetch(first + j);
}

// dgates for one batch row at step t from dh (and dc) and the output gradients at step t, as the
// chain rule through the cell gives; dh becomes the direct part of dL/dh_{t-1} (GRU) and dc
// becomes dL/dc_{t-1} (LSTM).
void gate_gradients(const RecurrentDims& d, const RecurrentWork& w,
                    const RecurrentOutputGrads& dout, const RecurrentSaved& s, int64_t t,
                    int64_t b) {
  const int64_t T = d.steps, B = d.batch, H = d.hidden_size, GH = d.gates() * H;
  if (t > 0) {
    prefetch_row(dout.dhidden, b * T + t - 1, H);
    prefetch_row(dout.dcell, b * T + t - 1, H);
  }
  GateRowBackward row{.cell = d.cell, .hidden_size = H, .gates = s.gates.data + (t * B + b) * GH,
                      .dgates = w.dgates.data + (t * B + b) * GH,
                      .dhidden = w.dhidden.data + b * H};
  if (dout.dhidden) row.dout_hidden = dout.dhidden.data + (b * T + t) * H;
  if (d.cell == RecurrentCell::lstm) {
    row.dcell = w.dcell.data + b * H;
    if (dout.dcell) row.dout_cell = dout.dcell.data + (b * T + t) * H;
    row.c_prev = s.cell.data + (t * B + b) * H;
    row.c_tanh = s.cell_tanh.data + (t * B + b) * H;
  } else if (d.cell == RecurrentCell::gru) {
    row.h_prev = s.hidden.data + (t * B + b) * H;
    row.hidden_n = s.hidden_n.data + (t * B + b) * H;
    row.dgates_hidden = w.dgates_hidden.data + (t * B + b) * GH;
  }
  gate_backward(row);
}

// Steps [first_step, end_step) of the backward walk, from end_step - 1 down, for one part's rows.
void backward_rows(const RecurrentDims& d, const RecurrentInputGrads& din,
                   const RecurrentWork& w, const RecurrentOutputGrads& dout,
                   const RecurrentSaved& s, const RecurrentInputs& in, int part,
                   int64_t first_step, int64_t end_step) {
  const int64_t B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  const bool gru = d.cell == RecurrentCell::gru;
  const Rows rows = rows_of(d, part);
  for (int64_t t = end_step - 1; t >= first_step; --t) {
    for (int64_t b = rows.begin; b < rows.end; ++b) gate_gradients(d, w, dout, s, t, b);
    const int64_t first = t * B + rows.begin;
    const float* dgates = w.dgates.data + first * GH;
    const float* dgates_hidden = (gru ? w.dgates_hidden.data : w.dgates.data) + first * GH;
    if (t > 0 || din.dh0) {
      gemm_rows(rows.count(), H, GH, dgates_hidden, GH, w.weight_hh.data, w.weight_hh.shape[1],
                w.dhidden.data + rows.begin * H, H, gru);
    }
    if (din.dx) {
      gemm_rows(rows.count(), F, GH, dgates, GH, in.weight_ih.data, F,
                w.dinputs.data + first * F, F, false);
    }
  }
}

// Steps of one chunk of the backward walk (see recurrent_backward).
constexpr int64_t kStepsPerChunk = 64;

// The weight and bias gradients' sums over the rows of steps [first_step, end_step): one large
// product each, which the BLAS does well (the per-step products are too small for it).
void weight_gradients(const RecurrentDims& d, const RecurrentInputGrads& din,
                      const RecurrentWork& w, const RecurrentSaved& s, int64_t first_step,
                      int64_t end_step) {
  const int64_t B = d.batch, F = d.input_size, H = d.hidden_size, GH = d.gates() * H;
  const int64_t first = first_step * B, rows = (end_step - first_step) * B;
  const bool gru = d.cell == RecurrentCell::gru;
  const float* dgates = w.dgates.data + first * GH;
  const float* dgates_hidden = gru ? w.dgates_hidden.data + first * GH : dgates;
  const float* inputs = s.inputs.data + first * F;
  // h_{t-1} of step t is row t of the time-major hidden buffer.
  if (din.dweight_hh) {
    blas::gemm(true, false, GH, H, rows, 1.0f, dgates_hidden, GH, s.hidden.data + first * H, H,
               1.0f, din.dweight_hh.data, H);
  }
  // With few input features dW_ih is a weighted column sum of dgates, taken in the same pass as
  // the bias gradients (the BLAS runs a (G·H × T·B) · (T·B × 1) product at a few GFLOP/s). The
  // LSTM's and RNN's two bias gradients are the same sums. Columns split across the workers.
  const bool fused_ih = F <= kMaxWeightedFeatures;
  if (din.dweight_ih && !fused_ih) {
    blas::gemm(true, false, GH, F, rows, 1.0f, dgates, GH, inputs, F, 1.0f, din.dweight_ih.data,
               F);
  }
  const ColumnSums from_dgates{.rows = dgates, .count = rows, .width = GH,
                               .sum = din.dbias_ih.data,
                               .sum_again = gru ? nullptr : din.dbias_hh.data,
                               .x = inputs, .features = F,
                               .weighted = fused_ih ? din.dweight_ih.data : nullptr};
  const ColumnSums from_dgates_hidden{.rows = dgates_hidden, .count = rows, .width = GH,
                                      .sum = din.dbias_hh.data};
  constexpr int64_t kColumnsPerPart = 64;
  // Parts start on whole vectors of the widest level (16 floats), so no vector straddles two.
  constexpr int64_t kColumnAlignment = 16;
  const int column_parts =
      static_cast<int>(std::clamp<int64_t>(GH / kColumnsPerPart, 1, d.threads));
  const bool sums_from_dgates = from_dgates.sum || from_dgates.sum_again || from_dgates.weighted;
  const bool sums_from_dgates_hidden = gru && from_dgates_hidden.sum;
  if (sums_from_dgates || sums_from_dgates_hidden) {
    parallel::run(column_parts, [&](int p) {
      const int64_t begin = parallel::part_begin(GH, p, column_parts, kColumnAlignment);
      const int64_t end = parallel::part_begin(GH, p + 1, column_parts, kColumnAlignment);
      if (sums_from_dgates) column_sums(from_dgates, begin, end);
      if (sums_from_dgates_hidden) column_sums(from_dgates_hidden, begin, end);
    });
  }
}

}  // namespace

int64_t RecurrentDims::gates() const {
  return gate_count(cell);
}
// Larger layers keep one part: their per-step products go to the BLAS (gemm_rows), which splits
// each product across the threads itself.
int64_t RecurrentDims::parts() const {
  const int64_t h = hidden_size;
  return h * gates() * std::max(h, input_size) > kSmallGemmFloats
             ? 1
             : std::clamp<int64_t>(threads, 1, batch);
}

void recurrent_prepare_step(const RecurrentDims& d, const RecurrentSaved& s,
                            const RecurrentInputs& in) {
  const int64_t GH = d.gates() * d.hidden_size;
  transpose(in.weight_ih.data, GH, d.input_size, s.weight_ih_t.data, s.weight_ih_t.shape[1]);
  transpose(in.weight_hh.data, GH, d.hidden_size, s.weight_hh_t.data, s.weight_hh_t.shape[1]);
}

void recurrent_forward(const RecurrentDims& d, const RecurrentOutputs& out, const RecurrentSaved& s,
                       const RecurrentInputs& in) {
  const FlushToZeroScope flush_to_zero;
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      std::copy_n(in.x.data + (b * T + t) * F, F, s.inputs.data + (t * B + b) * F);
  recurrent_prepare_step(d, s, in);
  copy_or_zero(s.hidden.data, in.h0, B * H);
  if (d.cell == RecurrentCell::lstm) copy_or_zero(s.cell.data, in.c0, B * H);
  auto part = [&](int p) { forward_rows(d, out, s, in, rows_of(d, p)); };
  parallel::run(static_cast<int>(d.parts()), part);
  std::copy_n(s.hidden.data + T * B * H, B * H, out.final_hidden.data);
  if (d.cell == RecurrentCell::lstm)
    std::copy_n(s.cell.data + T * B * H, B * H, out.final_cell.data);
}

void recurrent_step_rows(const RecurrentDims& d, const RecurrentOutputs& out,
                         const RecurrentSaved& s, const RecurrentInputs& in, int64_t begin,
                         int64_t end) {
  require(d.steps == 1 && static_cast<bool>(in.h0), "recurrent step: one step from a state");
  const FlushToZeroScope flush_to_zero;
  forward_rows(d, out, s, in, Rows{begin, end});
}

void recurrent_backward(const RecurrentDims& d, const RecurrentInputGrads& din,
                        const RecurrentWork& w, const RecurrentOutputGrads& dout,
                        const RecurrentSaved& s, const RecurrentInputs& in) {
  const FlushToZeroScope flush_to_zero;
  const int64_t T = d.steps, B = d.batch, F = d.input_size, H = d.hidden_size;
  const int64_t GH = d.gates() * H;
  // dhidden (B, H) carries dL/dh_t from step t+1 back to step t; dcell likewise for the LSTM.
  copy_or_zero(w.dhidden.data, dout.dfinal_hidden, B * H);
  if (d.cell == RecurrentCell::lstm) copy_or_zero(w.dcell.data, dout.dfinal_cell, B * H);
  // The dh products walk down W_hh's rows; at H = 256 their 1 KiB stride would thrash L1.
  const int64_t ldw = w.weight_hh.shape[1];
  for (int64_t r = 0; r < GH; ++r)
    std::copy_n(in.weight_hh.data + r * H, H, w.weight_hh.data + r * ldw);
  // The walk runs in chunks of steps, newest first; each chunk's weight and bias gradients are
  // summed right after it, while its dgates are still in cache (at look_back 400 they are tens
  // of MiB). A sequence of at most one chunk sums exactly as one pass over all its rows.
  for (int64_t end_step = T; end_step > 0; end_step -= kStepsPerChunk) {
    const int64_t first_step = std::max<int64_t>(0, end_step - kStepsPerChunk);
    auto part = [&](int p) { backward_rows(d, din, w, dout, s, in, p, first_step, end_step); };
    parallel::run(static_cast<int>(d.parts()), part);
    weight_gradients(d, din, w, s, first_step, end_step);
  }

  if (din.dh0)
    for (int64_t k = 0; k < B * H; ++k) din.dh0[k] += w.dhidden[k];
  if (din.dc0)
    for (int64_t k = 0; k < B * H; ++k) din.dc0[k] += w.dcell[k];
  if (din.dx) {
    for (int64_t b = 0; b < B; ++b)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t f = 0; f < F; ++f)
          din.dx[(b * T + t) * F + f] += w.dinputs[(t * B + b) * F + f];
  }
}

}  // namespace ops
}  // namespace flujo
