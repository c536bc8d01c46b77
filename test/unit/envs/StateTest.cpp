//===- StateTest.cpp - saving and restoring a task mid-episode ------------===//

#include "ofex/envs/Registry.h"

#include <gtest/gtest.h>

#include <cmath>
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

// resetTo starts exactly at the given state, as Gymnasium's set_state: a
// second task started from the first one's post-reset state follows it
// bit for bit.
TEST(TaskState, ResetToGivenStateFollowsTheSameTrajectory) {
  for (const std::string &name : taskNames()) {
    SCOPED_TRACE(name);
    auto task = makeTask(name), other = makeTask(name);
    std::vector<double> obs = task->reset(5);
    const mjModel *m = task->model();
    std::vector<double> qpos(task->data()->qpos, task->data()->qpos + m->nq);
    std::vector<double> qvel(task->data()->qvel, task->data()->qvel + m->nv);
    EXPECT_EQ(other->resetTo(qpos, qvel), obs);
    std::mt19937 rng(2), rngCopy(2);
    for (int i = 0; i < 30 && task->running(); ++i) {
      StepResult a = task->step(randomAction(*task, rng));
      StepResult b = other->step(randomAction(*other, rngCopy));
      ASSERT_EQ(a.obs, b.obs);
      ASSERT_EQ(a.reward, b.reward);
      ASSERT_EQ(a.terminated, b.terminated);
    }
  }
}

TEST(TaskState, ResetToRefusesWrongSizesAndNonFiniteValues) {
  auto hopper = makeTask("Hopper");
  std::vector<double> qpos(6, 0.0), qvel(6, 0.0);
  qpos[1] = 1.25;
  EXPECT_NO_THROW(hopper->resetTo(qpos, qvel));
  EXPECT_THROW(hopper->resetTo(std::vector<double>(5), qvel),
               std::invalid_argument);
  qvel[2] = std::nan("");
  EXPECT_THROW(hopper->resetTo(qpos, qvel), std::invalid_argument);
}

// Gymnasium's terminate_when_unhealthy=False: a fallen hopper runs on, paid
// the healthy reward only while healthy.
TEST(TaskState, WithoutTerminationAnUnhealthyEpisodeRunsOn) {
  TaskOptions options;
  options.terminate_when_unhealthy = false;
  auto hopper = makeTask("Hopper", options);
  std::vector<double> qpos(6, 0.0), qvel(6, 0.0);
  qpos[1] = 1.25;
  qpos[2] = 0.5; // leaning far beyond the healthy angle of 0.2
  hopper->resetTo(qpos, qvel);
  StepResult r = hopper->step(std::vector<float>(3, 0.0f));
  EXPECT_FALSE(r.terminated);
  EXPECT_TRUE(hopper->running());
  EXPECT_EQ(r.terms.healthy, 0.0);
  auto terminating = makeTask("Hopper");
  terminating->resetTo(qpos, qvel);
  r = terminating->step(std::vector<float>(3, 0.0f));
  EXPECT_TRUE(r.terminated);
  EXPECT_EQ(r.terms.healthy, 1.0);
}

TEST(TaskState, ForeignStateIsRefused) {
  auto hopper = makeTask("Hopper"), ant = makeTask("Ant");
  hopper->reset(0);
  ant->reset(0);
  EXPECT_THROW(ant->restoreState(hopper->saveState()), std::invalid_argument);
}

} // namespace
} // namespace ofex::envs
