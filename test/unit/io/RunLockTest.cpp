//===- RunLockTest.cpp - one owner per run directory ----------------------===//
#include "ofex/io/RunLock.h"
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace ofex::io;
using ofex::io::test::ScratchDir;

// flock belongs to the open file description: a second lock in the same
// process is refused like another process's would be, naming the holder.
TEST(RunLock, ASecondOwnerIsRefusedWithThePid) {
  ScratchDir dir;
  RunLock first(dir.path().string());
  try {
    RunLock second(dir.path().string());
    ADD_FAILURE() << "a second lock was granted";
  } catch (const RunLocked &e) {
    EXPECT_EQ(e.holder_pid, static_cast<long>(::getpid()));
    EXPECT_NE(std::string(e.what()).find("in use by another ofex-train (pid " +
                                         std::to_string(::getpid()) + ")"),
              std::string::npos)
        << e.what();
  }
}

TEST(RunLock, ReleasedWhenTheOwnerGoes) {
  ScratchDir dir;
  { RunLock first(dir.path().string()); }
  EXPECT_NO_THROW(RunLock again(dir.path().string()));
  // A killed process releases it too: a child takes the lock and dies.
  pid_t child = ::fork();
  if (child == 0) {
    RunLock held(dir.path().string());
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_NO_THROW(RunLock after(dir.path().string()));
}

TEST(RunLock, AMissingDirectoryIsAnError) {
  EXPECT_THROW(RunLock("/nonexistent/ofex-run"), std::runtime_error);
}
