// Analytic FLOP counts for the achieved-GFLOP/s column. Only matrix products are counted, each
// multiply-add as 2 FLOPs; the gate nonlinearities, the loss and the optimizer are left out, so
// the figure is a lower bound on the work and comparable with sgemm's 2·n³. Both benchmark sides
// (bench/peers/torch_case.py repeats these formulas) use the same count.
//
// Recurrent layer, G gates (RNN 1, GRU 3, LSTM 4), F inputs, H hidden, per row and step:
//   forward   2·G·H·(F + H)            (x_t·W_ihᵀ and h_{t-1}·W_hhᵀ)
//   backward  2 × forward              (dgates·W for dx and dh, and dW_ih, dW_hh)
// Linear head H → C per row: forward 2·H·C, backward twice that.
#include "bench_case.hpp"

namespace flujo::bench {
namespace {

double gates(nn::CellKind cell) { return static_cast<double>(gate_count(cell)); }

constexpr double kChannels = 1.0;  // C: the benchmark series has one channel

}  // namespace

double recurrent_forward_flops(nn::CellKind cell, int64_t input_size, int64_t hidden,
                               int64_t rows_times_steps) {
  const double h = static_cast<double>(hidden);
  return 2.0 * gates(cell) * h * (static_cast<double>(input_size) + h) *
         static_cast<double>(rows_times_steps);
}

double training_epoch_flops(const CaseOptions& o) {
  const nn::CellKind cell = nn::parse_cell(o.cell);
  const double forward =
      recurrent_forward_flops(cell, 1, o.hidden, o.windows * o.look_back) +
      2.0 * static_cast<double>(o.hidden) * kChannels * static_cast<double>(o.windows);
  return 3.0 * forward;
}

double free_run_flops(const CaseOptions& o) {
  // The warm-up window (L steps) then steps − 1 single steps, a head product after each call.
  const int64_t calls = o.steps;
  const int64_t cell_steps = o.look_back + o.steps - 1;
  return recurrent_forward_flops(nn::parse_cell(o.cell), 1, o.hidden, o.starts * cell_steps) +
         2.0 * static_cast<double>(o.hidden) * kChannels * static_cast<double>(o.starts * calls);
}

double sgemm_flops(int64_t size) {
  const double n = static_cast<double>(size);
  return 2.0 * n * n * n;
}

}  // namespace flujo::bench
