#pragma once
// Stopping a training run cleanly. While a StopSignals lives, SIGINT (Ctrl-C) and SIGTERM only
// record themselves; the epoch loop finishes the step in progress, saves a checkpoint and stops.
// Each handler resets itself when it fires, so a second Ctrl-C kills at once.
//
// Crash-test hook: FLUJO_TEST_KILL_AFTER_STEPS=N makes after_step() raise SIGKILL (or the signal
// numbered by FLUJO_TEST_KILL_SIGNAL, e.g. 15 for SIGTERM) right after optimizer step N of the
// run, before any checkpoint of that step: a deterministic crash point.
#include <signal.h>

#include <cstdint>

namespace flujo::run {

class StopSignals {
 public:
  StopSignals();   // installs the handlers and reads the test hook's variables
  ~StopSignals();  // restores the handlers that were there before
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // SIGINT or SIGTERM once one has arrived, else 0.
  int received() const;
  // Raises the test hook's signal when `steps` (steps of the whole run) reaches its count.
  void after_step(int64_t steps) const;

 private:
  struct sigaction previous_interrupt_ {};
  struct sigaction previous_terminate_ {};
  int64_t kill_after_steps_ = -1;
  int kill_signal_ = SIGKILL;
};

// 128 + signal: the exit code of a run stopped by a signal (130 for SIGINT, 143 for SIGTERM).
inline int exit_code_for_signal(int signal_number) { return 128 + signal_number; }

}  // namespace flujo::run
