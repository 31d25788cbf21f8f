#pragma once
// The three recurrent cells, one enum for the kernels (core) and the layers (nn::CellKind is
// this type), and how many gates each has.
#include <cstdint>

namespace flujo {

enum class RecurrentCell { rnn_tanh, lstm, gru };

// G: 1 (tanh), 4 (i, f, g, o) or 3 (r, z, n).
constexpr int64_t gate_count(RecurrentCell cell) {
  return cell == RecurrentCell::lstm ? 4 : (cell == RecurrentCell::gru ? 3 : 1);
}

}  // namespace flujo
