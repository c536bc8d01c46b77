//===- RewardTest.cpp - Reward terms recomputed from the simulation -------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ofex::envs::test {
namespace {

struct Weights {
  const char *name;
  double forward, ctrl, healthy;
  float action; // constant action inside the box
};

const Weights kWeights[] = {
    {"HalfCheetah", 1.0, 0.1, 0.0, 0.3f}, {"Hopper", 1.0, 1e-3, 1.0, 0.3f},
    {"Walker2d", 1.0, 1e-3, 1.0, -0.2f},  {"Ant", 1.0, 0.5, 1.0, 0.25f},
    {"Humanoid", 1.25, 0.1, 5.0, 0.1f},
};

TEST(Reward, TermsMatchWeightsAndDisplacement) {
  for (const Weights &w : kWeights) {
    SCOPED_TRACE(w.name);
    auto task = makeTask(w.name);
    task->reset(3);
    const std::vector<float> action = constantAction(*task, w.action);
    double sum_sq = 0;
    for (float a : action)
      sum_sq += static_cast<double>(a) * a;
    int moved = 0;
    for (int step = 0; step < 20 && task->running(); ++step) {
      const double x_before = independentX(*task);
      StepResult r = task->step(action);
      const double x_after = independentX(*task);
      const double velocity = (x_after - x_before) / task->spec().dt;
      EXPECT_NEAR(r.terms.ctrl, w.ctrl * sum_sq, 1e-12);
      EXPECT_NEAR(r.terms.forward, w.forward * velocity, 1e-9);
      EXPECT_NEAR(r.x_velocity, velocity, 1e-9);
      EXPECT_EQ(r.terms.healthy, w.healthy);
      EXPECT_NEAR(r.reward, r.terms.forward - r.terms.ctrl + r.terms.healthy,
                  1e-12);
      moved += std::abs(velocity) > 1e-6;
    }
    // The check above must not pass trivially on a body that never moves.
    EXPECT_GT(moved, 0);
  }
}

TEST(Reward, ControlCostUsesTheAppliedControls) {
  auto task = makeTask("Humanoid");
  task->reset(0);
  StepResult r = task->step(constantAction(*task, 0.3f));
  double sum_sq = 0;
  for (int i = 0; i < task->model()->nu; ++i)
    sum_sq += task->data()->ctrl[i] * task->data()->ctrl[i];
  EXPECT_NEAR(r.terms.ctrl, 0.1 * sum_sq, 1e-12);
  EXPECT_NEAR(sum_sq, 17 * 0.3 * 0.3, 1e-6);
}

TEST(Reward, InvertedPendulumPaysOnePerStep) {
  auto task = makeTask("InvertedPendulum");
  task->reset(1);
  for (int step = 0; step < 5; ++step) {
    StepResult r = task->step(constantAction(*task, 0.5f));
    EXPECT_EQ(r.reward, 1.0);
    EXPECT_EQ(r.terms.ctrl, 0.0);
  }
}

} // namespace
} // namespace ofex::envs::test
