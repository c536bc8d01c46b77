//===- TerminationTest.cpp - Healthy rules, termination and truncation ----===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ofex::envs::test {
namespace {

/// Resets `name`, sets qpos[index] = value (and mj_forward), steps once with
/// zero action and returns whether the episode terminated.
bool terminatesWithQpos(const char *name, int index, double value) {
  auto task = makeTask(name);
  task->reset(0);
  task->data()->qpos[index] = value;
  mj_forward(task->model(), task->data());
  StepResult r = task->step(constantAction(*task, 0.0f));
  if (r.terminated)
    EXPECT_EQ(task->running(), false);
  return r.terminated;
}

TEST(Termination, HopperHeightAndAngle) {
  EXPECT_FALSE(terminatesWithQpos("Hopper", 1, 1.25));
  EXPECT_TRUE(terminatesWithQpos("Hopper", 1, 0.65)); // z <= 0.7
  EXPECT_FALSE(terminatesWithQpos("Hopper", 2, 0.17));
  EXPECT_TRUE(terminatesWithQpos("Hopper", 2, 0.23)); // |angle| >= 0.2
  EXPECT_TRUE(terminatesWithQpos("Hopper", 2, -0.23));
}

TEST(Termination, HopperStateRange) {
  auto task = makeTask("Hopper");
  task->reset(0);
  EXPECT_TRUE(task->isHealthy());
  task->data()->qvel[5] = 99.0;
  EXPECT_TRUE(task->isHealthy());
  task->data()->qvel[5] = -100.0; // any |state[2:]| >= 100 is unhealthy
  EXPECT_FALSE(task->isHealthy());
  task->data()->qvel[5] = 0;
  task->data()->qpos[4] = 100.0;
  EXPECT_FALSE(task->isHealthy());
  // The checked state is (qpos[2:], qvel): x and z positions are not in it,
  // every velocity is.
  task->data()->qpos[4] = 0;
  task->data()->qpos[0] = 500.0;
  task->data()->qpos[1] = 150.0;
  EXPECT_TRUE(task->isHealthy());
  task->data()->qvel[0] = 500.0;
  EXPECT_FALSE(task->isHealthy());
}

TEST(Termination, Walker2dHeightAndAngle) {
  EXPECT_FALSE(terminatesWithQpos("Walker2d", 1, 1.25));
  EXPECT_TRUE(terminatesWithQpos("Walker2d", 1, 0.75)); // z <= 0.8
  EXPECT_TRUE(terminatesWithQpos("Walker2d", 1, 2.1));  // z >= 2.0
  EXPECT_FALSE(terminatesWithQpos("Walker2d", 2, 0.9));
  EXPECT_TRUE(terminatesWithQpos("Walker2d", 2, 1.1)); // angle >= 1
  EXPECT_TRUE(terminatesWithQpos("Walker2d", 2, -1.1));
}

TEST(Termination, AntHeightAndFiniteState) {
  EXPECT_FALSE(terminatesWithQpos("Ant", 2, 0.75));
  EXPECT_TRUE(terminatesWithQpos("Ant", 2, 1.2)); // z >= 1.0
  auto task = makeTask("Ant");
  task->reset(0);
  task->data()->qpos[2] = 0.19; // z <= 0.2 (a step would lift it off the floor)
  EXPECT_FALSE(task->isHealthy());
  task->data()->qpos[2] = 0.5;
  EXPECT_TRUE(task->isHealthy());
  task->data()->qvel[7] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(task->isHealthy());
}

TEST(Termination, HumanoidHeight) {
  EXPECT_FALSE(terminatesWithQpos("Humanoid", 2, 1.4));
  EXPECT_TRUE(terminatesWithQpos("Humanoid", 2, 2.2)); // z >= 2.0
  auto task = makeTask("Humanoid");
  task->reset(0);
  task->data()->qpos[2] = 0.99; // z <= 1.0
  EXPECT_FALSE(task->isHealthy());
  task->data()->qpos[2] = 1.01;
  EXPECT_TRUE(task->isHealthy());
}

TEST(Termination, InvertedPendulumAngle) {
  EXPECT_FALSE(terminatesWithQpos("InvertedPendulum", 1, 0.15));
  EXPECT_TRUE(terminatesWithQpos("InvertedPendulum", 1, 0.25));
  EXPECT_TRUE(terminatesWithQpos("InvertedPendulum", 1, -0.25));
}

TEST(Termination, HalfCheetahNeverTerminates) {
  // Upside down and far below its start: still not terminated.
  EXPECT_FALSE(terminatesWithQpos("HalfCheetah", 2, 3.0));
}

TEST(Truncation, TimeLimitTruncatesNotTerminates) {
  auto task = makeTask("HalfCheetah");
  task->reset(5);
  const std::vector<float> zero = constantAction(*task, 0.0f);
  for (int step = 1; step < 1000; ++step) {
    StepResult r = task->step(zero);
    ASSERT_FALSE(r.truncated) << "step " << step;
    ASSERT_FALSE(r.terminated) << "step " << step;
  }
  StepResult last = task->step(zero);
  EXPECT_TRUE(last.truncated);
  EXPECT_FALSE(last.terminated);
  EXPECT_EQ(task->elapsedSteps(), 1000);
  EXPECT_FALSE(task->running());
  EXPECT_THROW(task->step(zero), std::logic_error);
  task->reset(6);
  EXPECT_TRUE(task->running());
  EXPECT_EQ(task->elapsedSteps(), 0);
}

TEST(Truncation, LimitIsAnOption) {
  TaskOptions options;
  options.max_episode_steps = 7;
  auto task = makeTask("Ant", options);
  task->reset(0);
  StepResult r;
  for (int step = 0; step < 7; ++step)
    r = task->step(constantAction(*task, 0.0f));
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(r.terminated);
}

} // namespace
} // namespace ofex::envs::test
