//===- StopSignalsTest.cpp - Stop requests without a signal handler -------===//

#include "ofex/io/StopSignals.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ofex::io {
namespace {

bool blockedHere(int sig) {
  sigset_t now;
  pthread_sigmask(SIG_BLOCK, nullptr, &now);
  return sigismember(&now, sig) == 1;
}

/// Polls `received` for up to 10 s.
int waitFor(const StopSignals &s) {
  for (int i = 0; i < 1000 && s.received() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return s.received();
}

TEST(StopSignals, ThreadsStartedLaterInheritTheBlock) {
  StopSignals stop({SIGTERM, SIGUSR1});
  EXPECT_TRUE(blockedHere(SIGTERM));
  EXPECT_TRUE(blockedHere(SIGUSR1));
  // A compute thread (OpenMP's, oneDNN's) is created after the block: the
  // kernel can never run anything on its stack for these signals.
  bool term = false, usr1 = false;
  std::thread worker([&] {
    term = blockedHere(SIGTERM);
    usr1 = blockedHere(SIGUSR1);
  });
  worker.join();
  EXPECT_TRUE(term);
  EXPECT_TRUE(usr1);
}

TEST(StopSignals, AProcessSignalIsReceivedAndKillsNothing) {
  StopSignals stop({SIGTERM, SIGUSR1});
  EXPECT_EQ(stop.received(), 0);
  // Sent to the process as kill(1) and schedulers do: any thread may be
  // picked, and only the waiter takes it. The default action of either
  // signal would end this test binary.
  ASSERT_EQ(kill(getpid(), SIGUSR1), 0);
  EXPECT_EQ(waitFor(stop), SIGUSR1);
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(stop.received(), SIGUSR1) << "the first signal is the one kept";
}

TEST(StopSignals, SignalsDuringBusyWorkersAreReceived) {
  StopSignals stop({SIGTERM});
  std::atomic<bool> done{false};
  std::vector<std::thread> busy;
  for (int i = 0; i < 2; ++i)
    busy.emplace_back([&] {
      volatile double x = 0;
      while (!done.load())
        x = x + 1.0;
    });
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  EXPECT_EQ(waitFor(stop), SIGTERM);
  done = true;
  for (std::thread &t : busy)
    t.join();
}

TEST(StopSignals, NeedsASignal) {
  EXPECT_THROW(StopSignals({}), std::invalid_argument);
}

} // namespace
} // namespace ofex::io
