#include "run/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "flujo/core/error.hpp"

namespace flujo::run {

RunLock::RunLock(const std::string& run_dir) {
  const std::string path = run_dir + "/.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  require(fd_ >= 0, path + ": cannot open the run's lock file (" + std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char holder[32] = {};
    const ssize_t length = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    require(error == EWOULDBLOCK, path + ": cannot lock the run (" + std::strerror(error) + ")");
    const std::string pid = length > 0 ? std::string(holder, static_cast<size_t>(length)) : "?";
    throw Error(run_dir + " is in use by another flujo process (pid " +
                pid.substr(0, pid.find('\n')) + "); wait for it to finish or use another directory");
  }
  // The holder's pid, for the message a second writer gets; the lock itself is the flock.
  const std::string pid = std::to_string(::getpid()) + "\n";
  const bool pid_written = ::ftruncate(fd_, 0) == 0 &&
                           ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  (void)pid_written;  // the lock holds without the pid; only a second writer's message lacks it
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace flujo::run
