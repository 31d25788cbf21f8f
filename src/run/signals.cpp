#include "run/signals.hpp"

#include <csignal>
#include <cstdlib>
#include <string>

#include "flujo/core/error.hpp"

namespace flujo::run {
namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

extern "C" void record_stop_signal(int signal_number) { g_stop_signal = signal_number; }

int64_t env_integer(const char* name, int64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  require(*end == '\0', std::string(name) + ": '" + text + "' is not an integer");
  return value;
}

}  // namespace

StopSignals::StopSignals() {
  g_stop_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESTART: file writes in progress are not interrupted; SA_RESETHAND: a second signal
  // takes the default action and ends the process at once.
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_interrupt_);
  sigaction(SIGTERM, &action, &previous_terminate_);
  kill_after_steps_ = env_integer("FLUJO_TEST_KILL_AFTER_STEPS", -1);
  kill_signal_ = static_cast<int>(env_integer("FLUJO_TEST_KILL_SIGNAL", SIGKILL));
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_interrupt_, nullptr);
  sigaction(SIGTERM, &previous_terminate_, nullptr);
}

int StopSignals::received() const { return g_stop_signal; }

void StopSignals::after_step(int64_t steps) const {
  if (steps == kill_after_steps_) std::raise(kill_signal_);
}

}  // namespace flujo::run
