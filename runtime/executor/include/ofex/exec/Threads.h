//===- Threads.h - Report and limit oneDNN's OpenMP threads ---------------===//
//
// Debian's oneDNN runs primitives on OpenMP (libgomp), so its thread count is
// OpenMP's: OMP_NUM_THREADS at start-up, or setThreads() from the thread that
// calls Executor::run(). The Adam kernel uses the same OpenMP runtime.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_THREADS_H
#define OFEX_EXEC_THREADS_H

#include <functional>

namespace ofex::exec {

/// Threads the next parallel region of the calling thread may use.
int maxThreads();
/// Limits the calling thread's parallel regions (and so oneDNN's) to n >= 1
/// threads; other threads keep their own setting.
void setThreads(int n);

/// libgomp reads its wait policy once, when it loads. Spinning barriers are
/// what an idle machine wants (between two small primitives the partner
/// thread is back within microseconds; a sleeping one must be woken, and an
/// idle core wakes slowly), but they collapse when another process holds a
/// core (a spinning thread burns the time slice its preempted partner
/// needs). Measured here on the SAC + OFENet update at 2 threads: idle,
/// bounded spinning (GOMP_SPINCOUNT=10000) 105-109 updates/s against 26 for
/// `passive`; with one other busy process, 21 against 50; libgomp's default
/// (300,000 spins) once took an update from 20 ms to 5 s. A neighbour that
/// arrives after the choice meets the spinning run: 300 spins keep the idle
/// speed of 10000 and lose 2.2-4.5x less then (ofe-sac on two AVX2 cores,
/// bench/company.sh; docs/results/speed-company).
///
/// So tools call this first thing in main(): it looks whether any other
/// process is running (ten samples of /proc/loadavg over 100 ms) and
/// re-executes the program (argv as given) with GOMP_SPINCOUNT=300 on an
/// idle machine, OMP_WAIT_POLICY=passive on a busy one, before libgomp
/// starts. An explicit OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
void chooseWaitPolicy(char **argv);

/// Whether no process but the caller is running, by /proc/loadavg's count
/// of runnable tasks (sampled `samples` times, 10 ms apart; company in at
/// most a fifth of the samples is taken for a passing shell).
bool machineLooksIdle(int samples = 10);

/// Runs `a` and `b` at the same time, one per OpenMP thread, when the caller
/// may use two or more threads; one after the other otherwise. Inside, every
/// oneDNN primitive and host kernel runs on its own thread alone (OpenMP does
/// not nest by default and oneDNN runs sequentially inside a parallel
/// region), so two independent functions of narrow layers (the twin critics,
/// the features of s and of s') share the cores without a barrier per
/// primitive. An exception from either is rethrown after both finished.
void runSideBySide(const std::function<void()> &a,
                   const std::function<void()> &b);

/// CPUs this process may run on: its affinity mask, capped by a cgroup v2
/// CPU quota (cpu.max, rounded up) when one is set. At least 1.
int availableCpus();

/// The thread count when none is asked for: SLURM_CPUS_PER_TASK inside a
/// Slurm allocation (what the job was given), else 2 capped by
/// availableCpus().
int defaultThreads();

} // namespace ofex::exec

#endif // OFEX_EXEC_THREADS_H
