// The benchmark's data (bench_case.hpp). Computed in double like a series read from a file;
// torch_case.py evaluates the same formula with numpy and casts to float32 as gather() does.
#include <cmath>

#include "bench_case.hpp"

namespace flujo::bench {

data::Series synthetic_series(int64_t time_steps) {
  data::Series series(time_steps, {"x"});
  for (int64_t t = 0; t < time_steps; ++t) {
    const double time = static_cast<double>(t);
    series.at(t, 0) = std::sin(0.05 * time) + 0.5 * std::sin(0.137 * time + 0.3) +
                      0.25 * std::sin(0.31 * time + 1.1);
  }
  return series;
}

}  // namespace flujo::bench
