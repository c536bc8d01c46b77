//===- RunLock.cpp - One owner per run directory --------------------------===//
#include "ofex/io/RunLock.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace ofex::io {

RunLock::RunLock(const std::string &dir) {
  const std::string path = dir + "/lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error(
        path + ": cannot open the run's lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd_, buf, sizeof(buf) - 1, 0);
    const long pid = n > 0 ? std::strtol(buf, nullptr, 10) : 0;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw RunLocked(
          dir + ": in use by another ofex-train" +
              (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string()),
          pid);
    throw std::runtime_error(path + ": cannot lock: " + std::strerror(err));
  }
  // Ours now: say who holds it. A failure here only loses the pid in a
  // later refusal message.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0)
    (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

RunLock::~RunLock() {
  if (fd_ >= 0)
    ::close(fd_); // releases the flock
}

} // namespace ofex::io
