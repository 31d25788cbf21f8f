#pragma once
// A run directory has one writer at a time. train, resume, forecast and analyze hold RUN/.lock
// (an advisory flock, released when the process ends however it ends) for as long as they write;
// a second writer is refused before it changes anything, with the holder's pid in the message.
#include <string>

namespace flujo::run {

class RunLock {
 public:
  // Takes the lock of an existing run directory; throws Error naming the directory and the pid
  // of the process that holds it.
  explicit RunLock(const std::string& run_dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace flujo::run
