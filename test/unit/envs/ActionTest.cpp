//===- ActionTest.cpp - Refusing, clipping and counting actions -----------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

namespace ofex::envs::test {
namespace {

TEST(Action, NonFiniteEntriesAreRefusedWithoutSideEffects) {
  auto task = makeTask("Hopper");
  task->reset(0);
  const std::vector<double> qpos(task->data()->qpos,
                                 task->data()->qpos + task->model()->nq);
  std::vector<float> action = {0.1f, 0.2f,
                               std::numeric_limits<float>::quiet_NaN()};
  try {
    task->step(action);
    FAIL() << "NaN accepted";
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("entry 2"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos) << e.what();
  }
  action[2] = 0;
  action[0] = -std::numeric_limits<float>::infinity();
  EXPECT_THROW(task->step(action), std::invalid_argument);
  EXPECT_EQ(std::memcmp(qpos.data(), task->data()->qpos,
                        qpos.size() * sizeof(double)),
            0);
  EXPECT_EQ(task->elapsedSteps(), 0);
  EXPECT_TRUE(task->running());
}

TEST(Action, WrongSizeIsRefused) {
  auto task = makeTask("Hopper");
  task->reset(0);
  EXPECT_THROW(task->step(std::vector<float>(4, 0.0f)), std::invalid_argument);
  EXPECT_THROW(task->step(std::vector<float>{}), std::invalid_argument);
}

TEST(Action, StepBeforeResetIsRefused) {
  auto task = makeTask("Hopper");
  EXPECT_THROW(task->step(constantAction(*task, 0.0f)), std::logic_error);
}

TEST(Action, OutOfBoxEntriesAreClippedAndCounted) {
  auto task = makeTask("Hopper");
  task->reset(0);
  StepResult r = task->step(std::vector<float>{2.0f, -3.0f, 0.5f});
  EXPECT_EQ(r.clipped, 2);
  EXPECT_EQ(task->data()->ctrl[0], 1.0);
  EXPECT_EQ(task->data()->ctrl[1], -1.0);
  EXPECT_EQ(task->data()->ctrl[2], 0.5);
  // The cost is charged on the clipped action.
  EXPECT_NEAR(r.terms.ctrl, 1e-3 * (1.0 + 1.0 + 0.25), 1e-15);
  r = task->step(std::vector<float>{1.0f, -1.0f, 1.5f});
  EXPECT_EQ(r.clipped, 1); // the bounds themselves are inside the box
  EXPECT_EQ(task->clippedTotal(), 3u);
}

TEST(Action, HumanoidBoxIsPointFour) {
  auto task = makeTask("Humanoid");
  task->reset(0);
  StepResult r = task->step(constantAction(*task, 0.5f));
  EXPECT_EQ(r.clipped, 17);
  for (int i = 0; i < 17; ++i)
    EXPECT_EQ(task->data()->ctrl[i], 0.4);
  // 0.4f lies a little above the double 0.4 but is the bound a float policy
  // means: applied as 0.4 and not counted as clipped.
  r = task->step(constantAction(*task, 0.4f));
  EXPECT_EQ(r.clipped, 0);
  EXPECT_EQ(task->data()->ctrl[0], 0.4);
}

} // namespace
} // namespace ofex::envs::test
