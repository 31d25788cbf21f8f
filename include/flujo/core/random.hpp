#pragma once
// Deterministic random numbers: the same seed gives the same stream on every platform, since the
// standard library's distributions are implementation-defined and would break reproducible runs.
#include <cstdint>

#include "flujo/core/tensor.hpp"

namespace flujo {

// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed = 0);

  uint64_t next_u64();
  double uniform();                          // [0, 1)
  double uniform(double low, double high);   // [low, high)
  double normal();                           // standard normal (Box–Muller, both values used)
  uint64_t below(uint64_t n);                // uniform integer in [0, n)

  void fill_uniform(TensorView out, float low, float high);
  void fill_normal(TensorView out, float mean, float stddev);

  // The whole generator state, for checkpoints that resume exactly.
  struct State {
    uint64_t s[4];
    double cached_normal;
    bool has_cached_normal;
  };
  State state() const;
  void set_state(const State& state);

 private:
  uint64_t s_[4];
  double cached_normal_ = 0.0;
  bool has_cached_normal_ = false;
};

}  // namespace flujo
