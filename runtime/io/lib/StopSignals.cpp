//===- StopSignals.cpp - Stop requests taken by a thread of their own -----===//

#include "ofex/io/StopSignals.h"

#include <pthread.h>
#include <stdexcept>
#include <string>

namespace ofex::io {

StopSignals::StopSignals(std::initializer_list<int> signals) {
  if (signals.size() == 0)
    throw std::invalid_argument("StopSignals: no signal to wait for");
  sigemptyset(&set);
  for (int s : signals)
    sigaddset(&set, s);
  wakeSignal = *signals.begin();
  if (int err = pthread_sigmask(SIG_BLOCK, &set, nullptr))
    throw std::runtime_error("pthread_sigmask failed: error " +
                             std::to_string(err));
  waiter = std::thread([this] { wait(); });
}

StopSignals::~StopSignals() {
  closing.store(true, std::memory_order_release);
  // Directed at the waiter, where the signal is blocked too: sigwait takes
  // it and the loop sees `closing`.
  pthread_kill(waiter.native_handle(), wakeSignal);
  waiter.join();
}

void StopSignals::wait() {
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0)
      continue;
    if (closing.load(std::memory_order_acquire))
      return;
    int none = 0;
    first.compare_exchange_strong(none, sig, std::memory_order_acq_rel);
  }
}

} // namespace ofex::io
