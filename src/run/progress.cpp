#include "run/progress.hpp"

#include <unistd.h>

#include <cmath>

namespace flujo::run {
namespace {
std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const auto s = static_cast<int64_t>(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(text, sizeof text, "%02lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  return text;
}
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

ProgressBar::ProgressBar(std::string label, int64_t total_units, bool enabled, std::string unit,
                         std::string period)
    : label_(std::move(label)),
      total_units_(total_units),
      unit_(std::move(unit)),
      period_(std::move(period)),
      enabled_(enabled),
      terminal_(isatty(STDERR_FILENO) != 0),
      run_start_(std::chrono::steady_clock::now()) {}

void ProgressBar::start_epoch() {
  epoch_start_ = std::chrono::steady_clock::now();
  last_draw_ = epoch_start_;
}

void ProgressBar::update(int64_t units_done, double running_loss) {
  if (!enabled_ || !terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && units_done < total_units_) return;
  last_draw_ = now;
  const double elapsed = seconds_since(epoch_start_);
  const double rate = elapsed > 0 ? units_done / elapsed : 0.0;
  const int width = 24;
  const int filled = static_cast<int>(width * units_done / std::max<int64_t>(total_units_, 1));
  std::string bar(filled, '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r%s [%s] loss %.4g  %.0f %s/s  %s left %s   ", label_.c_str(),
               bar.c_str(), running_loss, rate, unit_.c_str(), period_.c_str(),
               format_duration(rate > 0 ? (total_units_ - units_done) / rate : NAN).c_str());
  std::fflush(stderr);
}

void ProgressBar::finish_epoch(int64_t epoch, int64_t epochs, double loss, double validation_loss,
                               const std::string& note) {
  if (!enabled_) return;
  const double elapsed = seconds_since(epoch_start_);
  ++epochs_done_;
  seconds_per_epoch_ = seconds_since(run_start_) / epochs_done_;
  std::fprintf(stderr, "%s%s %lld/%lld  loss %.5g  val %.5g  %.0f %s/s  %.1fs  left %s%s%s\n",
               terminal_ ? "\r\033[K" : "", period_.c_str(), static_cast<long long>(epoch),
               static_cast<long long>(epochs), loss, validation_loss,
               elapsed > 0 ? total_units_ / elapsed : 0.0, unit_.c_str(), elapsed,
               format_duration(seconds_per_epoch_ * (epochs - epoch)).c_str(),
               note.empty() ? "" : "  ", note.c_str());
  std::fflush(stderr);
}

}  // namespace flujo::run
