#pragma once
// Sets flujo's thread count (blas::set_threads) for a scope and restores the previous one.
#include "flujo/core/blas.hpp"

namespace flujo::testing {

class ThreadsScope {
 public:
  explicit ThreadsScope(int threads) : saved_(blas::threads()) { blas::set_threads(threads); }
  ~ThreadsScope() { blas::set_threads(saved_); }
  ThreadsScope(const ThreadsScope&) = delete;
  ThreadsScope& operator=(const ThreadsScope&) = delete;

 private:
  int saved_;
};

}  // namespace flujo::testing
