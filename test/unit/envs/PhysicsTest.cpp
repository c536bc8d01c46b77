//===- PhysicsTest.cpp - Zero-action behaviour of the models --------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ofex::envs::test {
namespace {

/// Steps with zero action until the episode ends; returns the step count.
int zeroActionEpisode(Task &task, std::uint64_t seed) {
  task.reset(seed);
  const std::vector<float> zero = constantAction(task, 0.0f);
  int steps = 0;
  bool terminated = false;
  while (task.running()) {
    terminated = task.step(zero).terminated;
    ++steps;
  }
  return terminated ? steps : -steps; // negative: truncated, not terminated
}

TEST(Physics, HalfCheetahAtRestStaysNearStart) {
  auto task = makeTask("HalfCheetah");
  EXPECT_EQ(zeroActionEpisode(*task, 0), -1000);
  EXPECT_LT(std::abs(task->data()->qpos[0]), 1.0);
  // It settles on the floor rather than sinking through or flying off.
  EXPECT_GT(task->data()->xpos[3 * 1 + 2], 0.2);
  EXPECT_LT(task->data()->xpos[3 * 1 + 2], 1.0);
}

TEST(Physics, HopperAndWalkerFallWithoutControl) {
  for (const char *name : {"Hopper", "Walker2d"}) {
    SCOPED_TRACE(name);
    auto task = makeTask(name);
    for (std::uint64_t seed : {0u, 1u}) {
      const int steps = zeroActionEpisode(*task, seed);
      EXPECT_GT(steps, 10); // it does not start unhealthy
      EXPECT_LT(steps, 1000);
    }
  }
}

TEST(Physics, InvertedPendulumFallsWithoutControl) {
  auto task = makeTask("InvertedPendulum");
  const int steps = zeroActionEpisode(*task, 0);
  EXPECT_GT(steps, 0);
  EXPECT_GT(std::abs(task->data()->qpos[1]), 0.2);
}

TEST(Physics, AntStandsWithoutControl) {
  auto task = makeTask("Ant");
  task->reset(0);
  for (int step = 0; step < 200; ++step)
    ASSERT_FALSE(task->step(constantAction(*task, 0.0f)).terminated);
  EXPECT_GT(task->data()->qpos[2], 0.3);
  EXPECT_LT(task->data()->qpos[2], 0.9);
}

TEST(Physics, HumanoidCollapsesWithoutControl) {
  auto task = makeTask("Humanoid");
  const int steps = zeroActionEpisode(*task, 0);
  EXPECT_GT(steps, 5);
  EXPECT_LT(steps, 1000);
}

TEST(Physics, HumanoidObservesContactForces) {
  // cfrc_ext (the last 84 entries) is only filled by mj_rnePostConstraint;
  // once the feet touch the floor it must not be all zero.
  auto task = makeTask("Humanoid");
  task->reset(0);
  StepResult r;
  for (int step = 0; step < 10; ++step)
    r = task->step(constantAction(*task, 0.0f));
  double total = 0;
  for (std::size_t i = r.obs.size() - 84; i < r.obs.size(); ++i)
    total += std::abs(r.obs[i]);
  EXPECT_GT(total, 1.0);
}

} // namespace
} // namespace ofex::envs::test
