#pragma once
// Column sums for the fused recurrent backward's bias gradients, and the input-weight gradient
// when there are few input features (one channel, most often), in one pass over the rows:
//   sum[j] += Σ_r rows[r, j]      (and sum_again[j] += the same sums: LSTM/RNN's second bias)
//   weighted[j, f] += Σ_r rows[r, j] · x[r, f]      for F = features ≤ kMaxWeightedFeatures
// for the columns j in [begin, end). rows (count, width) and x (count, F) are row-major;
// weighted is (width, F). Every column is summed over r = 0 .. count-1 in order, so splitting
// the columns between workers gives the same bits as one pass. Any output may be null.
#include <cstdint>

namespace flujo::ops {

inline constexpr int64_t kMaxWeightedFeatures = 4;

struct ColumnSums {
  const float* rows = nullptr;
  int64_t count = 0, width = 0;
  float* sum = nullptr;
  float* sum_again = nullptr;
  const float* x = nullptr;
  int64_t features = 0;
  float* weighted = nullptr;
};

void column_sums(const ColumnSums& c, int64_t begin, int64_t end);

}  // namespace flujo::ops
