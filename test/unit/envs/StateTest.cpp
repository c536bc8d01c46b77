//===- StateTest.cpp - saving and restoring a task mid-episode ------------===//

#include "ofex/envs/Registry.h"

#include <gtest/gtest.h>

#include <random>

namespace ofex::envs {
namespace {

std::vector<float> randomAction(const Task &task, std::mt19937 &rng) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> a(task.spec().act_dim);
  for (float &x : a)
    x = u(rng) * float(task.spec().act_high[0]);
  return a;
}

// A checkpoint taken mid-episode continues bit-identically: the same actions
// after restoreState give the same observations, rewards and flags.
TEST(TaskState, RestoredTaskContinuesBitIdentically) {
  for (const std::string &name : taskNames()) {
    SCOPED_TRACE(name);
    auto task = makeTask(name);
    task->reset(3);
    std::mt19937 rng(1);
    for (int i = 0; i < 10 && task->running(); ++i)
      task->step(randomAction(*task, rng));
    if (!task->running())
      continue;
    Task::State saved = task->saveState();
    std::mt19937 rngCopy = rng;
    std::vector<StepResult> first;
    for (int i = 0; i < 20 && task->running(); ++i)
      first.push_back(task->step(randomAction(*task, rng)));

    auto other = makeTask(name);
    other->reset(99); // a different episode, overwritten by the restore
    other->restoreState(saved);
    EXPECT_EQ(other->elapsedSteps(), saved.steps);
    for (const StepResult &expected : first) {
      StepResult r = other->step(randomAction(*other, rngCopy));
      ASSERT_EQ(r.obs, expected.obs);
      EXPECT_EQ(r.reward, expected.reward);
      EXPECT_EQ(r.terminated, expected.terminated);
    }
  }
}

TEST(TaskState, ForeignStateIsRefused) {
  auto hopper = makeTask("Hopper"), ant = makeTask("Ant");
  hopper->reset(0);
  ant->reset(0);
  EXPECT_THROW(ant->restoreState(hopper->saveState()), std::invalid_argument);
}

} // namespace
} // namespace ofex::envs
