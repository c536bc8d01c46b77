//===- StopSignals.h - Stop requests taken by a thread of their own -------===//
//
// A long run stops cleanly on SIGTERM or SIGUSR1 (a scheduler's warning): it
// finishes the current step, writes a checkpoint and exits. The signals are
// not caught by a handler but blocked in every thread and taken by one
// waiting thread (sigwait), because a handler runs on the stack of whichever
// thread the signal lands on, and oneDNN 2.6's JIT f32 GEMM kernels point
// the stack pointer at a heap workspace while they run (oneDNN issue #4845,
// fixed in 3.11.2): a handler interrupting one has its signal frame written
// into the heap, which corrupts it ("corrupted size vs. prev_size", seen in
// ofe-big runs stopped by SIGTERM). A blocked signal is never delivered to a
// compute thread, so no frame is ever written on one.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_STOPSIGNALS_H
#define OFEX_IO_STOPSIGNALS_H

#include <atomic>
#include <csignal>
#include <initializer_list>
#include <thread>

namespace ofex::io {

class StopSignals {
public:
  /// Blocks `signals` in the calling thread and starts the thread that waits
  /// for them. Construct it before any other thread exists: threads inherit
  /// the mask of the thread that creates them (OpenMP's and oneDNN's are
  /// created at the first parallel region).
  explicit StopSignals(std::initializer_list<int> signals);
  /// Stops the waiting thread; the signals stay blocked (a late one stays
  /// pending and dies with the process).
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;

  /// 0, or the first of the signals received.
  int received() const { return first.load(std::memory_order_acquire); }

private:
  void wait();

  sigset_t set;
  std::atomic<int> first{0};
  std::atomic<bool> closing{false};
  int wakeSignal = 0; ///< sent to the waiter by the destructor
  std::thread waiter;
};

} // namespace ofex::io

#endif // OFEX_IO_STOPSIGNALS_H
