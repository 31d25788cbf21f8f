// The fused recurrent op's buffers: what forward saves for backward (RecurrentSaved) and
// backward's own working space (RecurrentWork), carved out of tape memory in one fixed order
// (declared in flujo/core/recurrent.hpp).
#include "core/ops/fused_parts.hpp"
#include "flujo/core/recurrent.hpp"

namespace flujo::ops {
namespace {

int64_t transposed_stride(const RecurrentDims& d) {
  return odd_line_stride(d.gates() * d.hidden_size);
}

RecurrentSaved carve_saved(Carver& carver, const RecurrentDims& d) {
  const int64_t t = d.steps, b = d.batch, h = d.hidden_size, gh = d.gates() * h;
  RecurrentSaved s;
  s.inputs = carver.take({t, b, d.input_size});
  s.gates = carver.take({t, b, gh});
  s.hidden = carver.take({t + 1, b, h});
  if (d.cell == RecurrentCell::lstm) {
    s.cell = carver.take({t + 1, b, h});
    s.cell_tanh = carver.take({t, b, h});
  }
  if (d.cell == RecurrentCell::gru) {
    s.hidden_n = carver.take({t, b, h});
    s.step = carver.take({b, gh});
  }
  s.weight_ih_t = carver.take({d.input_size, transposed_stride(d)});
  s.weight_hh_t = carver.take({h, transposed_stride(d)});
  return s;
}

RecurrentWork carve_work(Carver& carver, const RecurrentDims& d) {
  const int64_t t = d.steps, b = d.batch, h = d.hidden_size, gh = d.gates() * h;
  RecurrentWork w;
  w.dgates = carver.take({t, b, gh});
  if (d.cell == RecurrentCell::gru) w.dgates_hidden = carver.take({t, b, gh});
  w.dinputs = carver.take({t, b, d.input_size});
  w.dhidden = carver.take({b, h});
  w.weight_hh = carver.take({gh, odd_line_stride(h)});
  if (d.cell == RecurrentCell::lstm) w.dcell = carver.take({b, h});
  return w;
}

// The floats a layout takes: the same carving with no base.
template <class Buffers>
int64_t floats_of(Buffers (*carve)(Carver&, const RecurrentDims&), const RecurrentDims& dims) {
  Carver carver;
  carve(carver, dims);
  return carver.used;
}

}  // namespace

int64_t RecurrentSaved::floats(const RecurrentDims& dims) { return floats_of(carve_saved, dims); }
RecurrentSaved RecurrentSaved::carve(float* base, const RecurrentDims& dims) {
  Carver carver{base};
  return carve_saved(carver, dims);
}
int64_t RecurrentWork::floats(const RecurrentDims& dims) { return floats_of(carve_work, dims); }
RecurrentWork RecurrentWork::carve(float* base, const RecurrentDims& dims) {
  Carver carver{base};
  return carve_work(carver, dims);
}

}  // namespace flujo::ops
