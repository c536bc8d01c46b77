//===- ThreadsTest.cpp - how the tools read the machine's company ---------===//
//
// freeCpus reads /proc/stat twice; its arithmetic (busyCpusBetween) is
// checked here on fixed texts, and defaultThreads' use of the free CPUs
// that chooseWaitPolicy hands to the re-executed tool (OFEX_FREE_CPUS).
//
//===----------------------------------------------------------------------===//

#include "ofex/exec/Threads.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

using namespace ofex::exec;

namespace {

// user nice system idle iowait irq softirq steal guest guest_nice
const char *kBefore = "cpu  300 0 100 1000 0 0 0 0 0 0\n"
                      "cpu0 100 0 50 500 0 0 0 0 0 0\n"
                      "cpu1 200 0 50 500 0 0 0 0 0 0\n"
                      "intr 12345\n";

TEST(BusyCpus, SumsEachCpusBusyShare) {
  // cpu0: 30 busy of 30 (a spinning neighbour); cpu1: 3 busy (user 2,
  // softirq 1) and 27 idle (iowait 2 of them) of 30.
  const char *after = "cpu  333 0 100 1025 2 0 1 0 0 0\n"
                      "cpu0 120 0 60 500 0 0 0 0 0 0\n"
                      "cpu1 202 0 50 525 2 0 1 0 0 0\n";
  EXPECT_DOUBLE_EQ(busyCpusBetween(kBefore, after, {0, 1}), 1.1);
  EXPECT_DOUBLE_EQ(busyCpusBetween(kBefore, after, {0}), 1.0);
  EXPECT_DOUBLE_EQ(busyCpusBetween(kBefore, after, {1}), 0.1);
  // steal (a hypervisor's other guests) is time this machine lost, too.
  const char *stolen = "cpu0 100 0 50 510 0 0 0 10 0 0\n"
                       "cpu1 200 0 50 520 0 0 0 0 0 0\n";
  EXPECT_DOUBLE_EQ(busyCpusBetween(kBefore, stolen, {0, 1}), 0.5);
}

TEST(BusyCpus, CannotTellWithoutTheCpuOrElapsedTime) {
  const char *after = "cpu0 120 0 60 500 0 0 0 0 0 0\n";
  EXPECT_LT(busyCpusBetween(kBefore, after, {0, 1}), 0);     // cpu1 missing
  EXPECT_LT(busyCpusBetween(kBefore, kBefore, {0}), 0);      // no time passed
  EXPECT_LT(busyCpusBetween("", "", {0}), 0);                // unreadable
  EXPECT_LT(busyCpusBetween(kBefore, "cpu0 1 2\n", {0}), 0); // too short
}

TEST(FreeCpus, IsWithinThisProcessesCpus) {
  const double free = freeCpus(50);
  if (free < 0)
    GTEST_SKIP() << "no /proc/stat";
  EXPECT_LE(free, availableCpus());
}

/// Sets an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name(name) {
    if (const char *old = std::getenv(name))
      saved = old;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (saved)
      setenv(name, saved->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> saved;
};

TEST(DefaultThreads, TakesTheFreeCpusChooseWaitPolicyFound) {
  ScopedEnv slurm("SLURM_CPUS_PER_TASK", nullptr);
  const int most = std::min(2, availableCpus());
  {
    ScopedEnv hint("OFEX_FREE_CPUS", nullptr);
    EXPECT_EQ(defaultThreads(), most);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "0.85"); // a busy neighbour
    EXPECT_EQ(defaultThreads(), 1);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "0.00"); // never fewer than one
    EXPECT_EQ(defaultThreads(), 1);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "1.70"); // a pipe's consumer starting
    EXPECT_EQ(defaultThreads(), most);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "7.9"); // never more than two
    EXPECT_EQ(defaultThreads(), most);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "lots"); // not a number: ignored
    EXPECT_EQ(defaultThreads(), most);
  }
  {
    ScopedEnv hint("OFEX_FREE_CPUS", "0.3");
    ScopedEnv job("SLURM_CPUS_PER_TASK", "4"); // the allocation decides
    EXPECT_EQ(defaultThreads(), 4);
  }
}

} // namespace
