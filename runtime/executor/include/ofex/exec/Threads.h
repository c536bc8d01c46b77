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

/// libgomp reads OMP_WAIT_POLICY once, when it loads. Its spinning barriers
/// are fastest on an idle machine but collapse by orders of magnitude when
/// another process holds a core (a spinning thread burns the time slice its
/// preempted partner needs): measured here, a SAC + OFENet update went from
/// 20 ms to 5 s. Tools call this first thing in main(): when the variable is
/// unset it sets it to `passive` and re-executes the program (argv as given),
/// so the choice is made before libgomp starts. An explicit setting wins.
void preferPassiveWaitPolicy(char **argv);

} // namespace ofex::exec

#endif // OFEX_EXEC_THREADS_H
