//===- RunLock.h - One owner per run directory ----------------------------===//
//
// An advisory lock (flock) on <dir>/lock, held as long as the object lives:
// two processes cannot train into one directory. The file holds the owner's
// pid, so a refusal can say who holds it. The kernel drops the lock when the
// process dies, however it dies, so a killed run never leaves a stale lock.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_RUNLOCK_H
#define OFEX_IO_RUNLOCK_H

#include <stdexcept>
#include <string>

namespace ofex::io {

/// Thrown when another process holds the lock.
struct RunLocked : std::runtime_error {
  RunLocked(const std::string &what, long holder)
      : std::runtime_error(what), holder_pid(holder) {}
  long holder_pid; ///< 0 when the file did not say
};

class RunLock {
public:
  /// Takes the lock of `dir` (which must exist) without waiting. Throws
  /// RunLocked naming the directory and the holder's pid, or
  /// std::runtime_error naming the file when it cannot be opened.
  explicit RunLock(const std::string &dir);
  ~RunLock();
  RunLock(const RunLock &) = delete;
  RunLock &operator=(const RunLock &) = delete;

private:
  int fd_ = -1;
};

} // namespace ofex::io

#endif // OFEX_IO_RUNLOCK_H
