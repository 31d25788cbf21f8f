#pragma once
// One benchmark case of flujo_bench_case: built and warmed up by its factory, then timed by
// main.cpp over `repeats` calls of run_once(). bench/peers/torch_case.py mirrors every case with
// the same options, data and FLOP count, so the two JSON lines compare one to one.
#include <cstdint>
#include <memory>
#include <string>

#include "flujo/data.hpp"
#include "flujo/nn.hpp"

namespace flujo::bench {

struct CaseOptions {
  std::string kind = "train";  // "train" | "freerun" | "sgemm"
  std::string cell = "lstm";   // rnn | lstm | gru
  int64_t hidden = 64;         // H
  int64_t look_back = 40;      // L: steps per training window, or the free run's warm-up
  int64_t windows = 40000;     // training windows per epoch (train)
  int64_t batch = 64;          // B (train)
  int64_t starts = 100;        // trajectories run side by side (freerun)
  int64_t steps = 2000;        // predictions per trajectory (freerun)
  int64_t size = 1024;         // n of the n×n×n product (sgemm)
  int64_t warmup_steps = 10;   // untimed training batches before the first timed epoch
  int repeats = 1;             // timed runs; seconds is their median
  int threads = 2;
  uint64_t seed = 7;
};

class Case {
 public:
  virtual ~Case() = default;
  virtual void run_once() = 0;             // the timed unit: one epoch, one free run, one gemm
  virtual double flops() const = 0;        // analytic FLOPs of one run_once (flop_count.cpp)
  virtual int64_t samples() const = 0;     // windows, predictions or 1 per run_once
  virtual double last_loss() const { return 0.0; }  // a finiteness check of the work done
};

std::unique_ptr<Case> make_training_case(const CaseOptions& options);
std::unique_ptr<Case> make_free_run_case(const CaseOptions& options);
std::unique_ptr<Case> make_sgemm_case(const CaseOptions& options);

// The benchmark series, one channel, a closed-form sine mixture (no random numbers, so the torch
// peer computes the same values): x_t = sin(0.05 t) + 0.5 sin(0.137 t + 0.3) +
// 0.25 sin(0.31 t + 1.1), t = 0 .. time_steps-1.
data::Series synthetic_series(int64_t time_steps);

// Analytic FLOP counts (multiply and add counted separately; documented in flop_count.cpp).
double recurrent_forward_flops(nn::CellKind cell, int64_t input_size, int64_t hidden,
                               int64_t rows_times_steps);
double training_epoch_flops(const CaseOptions& options);
double free_run_flops(const CaseOptions& options);
double sgemm_flops(int64_t size);

}  // namespace flujo::bench
