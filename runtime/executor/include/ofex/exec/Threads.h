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
#include <string>
#include <vector>

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
/// So tools call this first thing in main(): it measures how many of its
/// CPUs other processes keep busy (freeCpus) and re-executes the program
/// (argv as given) before libgomp starts, with GOMP_SPINCOUNT=300 when the
/// CPUs for two threads are free, OMP_WAIT_POLICY=passive otherwise, and
/// the free CPUs in OFEX_FREE_CPUS for defaultThreads(). An explicit
/// OMP_WAIT_POLICY or GOMP_SPINCOUNT wins (nothing is measured then).
void chooseWaitPolicy(char **argv);

/// CPUs of this process's affinity set that other processes left idle over
/// `ms` milliseconds (from /proc/stat's per-CPU times; the caller sleeps
/// meanwhile), or a negative value when /proc/stat cannot tell. A process
/// that starts with the tool (the consumer of a pipe) takes a few tens of
/// milliseconds and counts as a fraction of a CPU; a busy neighbour as one.
double freeCpus(int ms = 300);

/// Busy CPUs between two /proc/stat texts, summed over the CPUs numbered in
/// `cpus` (each CPU's busy share of its elapsed time); negative when a CPU
/// is missing from either text or no time elapsed. freeCpus's arithmetic,
/// separate for tests.
double busyCpusBetween(const std::string &before, const std::string &after,
                       const std::vector<int> &cpus);

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
/// availableCpus() and by the CPUs chooseWaitPolicy found free (rounded,
/// at least 1): next to a busy process two threads are slower than one
/// under every wait policy (docs/results/speed-company). As the thread count
/// changes a run's numbers, ofex-train records the choice in config.ini and
/// a continued run keeps it.
int defaultThreads();

} // namespace ofex::exec

#endif // OFEX_EXEC_THREADS_H
