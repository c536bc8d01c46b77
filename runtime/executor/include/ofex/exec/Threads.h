//===- Threads.h - Report and limit oneDNN's OpenMP threads ---------------===//
//
// Debian's oneDNN runs primitives on OpenMP (libgomp), so its thread count is
// OpenMP's: OMP_NUM_THREADS at start-up, or setThreads() from the thread that
// calls Executor::run(). The Adam kernel uses the same OpenMP runtime.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_THREADS_H
#define OFEX_EXEC_THREADS_H

namespace ofex::exec {

/// Threads the next parallel region of the calling thread may use.
int maxThreads();
/// Limits the calling thread's parallel regions (and so oneDNN's) to n >= 1
/// threads; other threads keep their own setting.
void setThreads(int n);

} // namespace ofex::exec

#endif // OFEX_EXEC_THREADS_H
