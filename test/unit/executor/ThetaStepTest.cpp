//===- ThetaStepTest.cpp - the projected theta step of online pruning -----===//

#include "TestUtil.h"

namespace ofex::exec::test {
namespace {

struct ThetaPlan {
  std::vector<float> theta, grad, penalty;
  Plan plan;
  explicit ThetaPlan(std::vector<float> t, std::vector<float> g,
                     std::vector<float> c, ThetaStep step)
      : theta(std::move(t)), grad(std::move(g)), penalty(std::move(c)) {
    int64_t n = theta.size();
    step.theta = plan.addBuffer("theta", 1, n, Role::Owned);
    step.grad = plan.addBuffer("g", 1, n, Role::External);
    step.penalty = plan.addBuffer("c", 1, n, Role::External);
    plan.addStep(step);
  }
  ThetaStep &step() { return std::get<ThetaStep>(plan.steps.back()); }
  Executor build() {
    Executor e(plan);
    e.bind("theta", theta.data());
    e.bind("g", grad.data());
    e.bind("c", penalty.data());
    return e;
  }
};

// theta - lr (g + c), clipped to [0, 1]; below tol the unit is pruned (0).
TEST(ThetaStep, ClipsAndPrunesAtTol) {
  ThetaStep s;
  s.lr = 0.5f;
  s.tol = 0.1f;
  ThetaPlan p({1.0f, 0.5f, 0.3f, 0.9f, 0.0f}, {-1.0f, 0.2f, 0.3f, 0.1f, -5.0f},
              {0.1f, 0.2f, 0.2f, 0.1f, 0.0f}, s);
  Executor e = p.build();
  e.run();
  // 1 - 0.5 (-0.9) = 1.45 -> 1; 0.5 - 0.2 = 0.3; 0.3 - 0.25 = 0.05 < tol -> 0;
  // 0.9 - 0.1 = 0.8; a pruned unit stays 0 whatever its gradient.
  EXPECT_FLOAT_EQ(p.theta[0], 1.0f);
  EXPECT_FLOAT_EQ(p.theta[1], 0.3f);
  EXPECT_EQ(p.theta[2], 0.0f);
  EXPECT_FLOAT_EQ(p.theta[3], 0.8f);
  EXPECT_EQ(p.theta[4], 0.0f);
  // Once pruned, a unit never comes back, even with a strongly negative g.
  p.grad = {0, 0, -10.0f, 0, 0};
  e.run();
  EXPECT_EQ(p.theta[2], 0.0f);
}

TEST(ThetaStep, FrozenForTheFirstUpdates) {
  ThetaStep s;
  s.lr = 0.1f;
  s.freeze_steps = 2;
  ThetaPlan p({1.0f, 1.0f}, {1.0f, 2.0f}, {0.0f, 0.0f}, s);
  Executor e = p.build();
  e.run();
  e.run();
  EXPECT_EQ(p.theta[0], 1.0f); // updates 1 and 2 are frozen
  e.run();
  EXPECT_FLOAT_EQ(p.theta[0], 0.9f);
  EXPECT_FLOAT_EQ(p.theta[1], 0.8f);
  // The freeze follows the restorable update count.
  Executor again = p.build();
  again.setAdamStep(5);
  again.run();
  EXPECT_FLOAT_EQ(p.theta[0], 0.8f);
}

TEST(ThetaStep, KeepOneHoldsTheLastLiveUnitAtTol) {
  ThetaStep s;
  s.lr = 1.0f;
  s.tol = 0.1f;
  s.keep_one = true;
  ThetaPlan p({0.5f, 0.5f, 0.0f}, {1.0f, 1.0f, 0.0f}, {0.0f, 0.0f, 0.0f}, s);
  Executor e = p.build();
  e.run();
  EXPECT_EQ(p.theta[0], 0.0f);       // the first dies
  EXPECT_FLOAT_EQ(p.theta[1], 0.1f); // the last live one is held at tol
  s.keep_one = false;
  ThetaPlan q({0.5f, 0.5f}, {1.0f, 1.0f}, {0.0f, 0.0f}, s);
  Executor f = q.build();
  f.run();
  EXPECT_EQ(q.theta[0], 0.0f);
  EXPECT_EQ(q.theta[1], 0.0f);
}

// With momentum b, theta follows m = b m + (1 - b) (g + c): one step of a
// huge signal (a relaxed draw's g / q) moves theta by lr (1 - b) of it, and
// a persistent signal reaches its full rate.
TEST(ThetaStep, MomentumAveragesTheSignal) {
  ThetaStep s;
  s.lr = 0.5f;
  s.tol = 0.1f;
  s.momentum = 0.9f;
  ThetaPlan p({0.95f, 0.95f}, {10.0f, 0.0f}, {0.0f, 0.0f}, s);
  std::vector<float> velocity = {0.0f, 0.5f};
  p.step().velocity = p.plan.addBuffer("m", 1, 2, Role::Owned);
  Executor e(p.plan);
  e.bind("theta", p.theta.data());
  e.bind("g", p.grad.data());
  e.bind("c", p.penalty.data());
  e.bind("m", velocity.data());
  e.run();
  // m0 = 0.9 * 0 + 0.1 * 10 = 1: theta 0.95 - 0.5 = 0.45 (without momentum
  // 0.95 - 5 would have pruned it). m1 = 0.9 * 0.5 = 0.45: 0.95 - 0.225.
  EXPECT_FLOAT_EQ(velocity[0], 1.0f);
  EXPECT_FLOAT_EQ(p.theta[0], 0.45f);
  EXPECT_FLOAT_EQ(velocity[1], 0.45f);
  EXPECT_FLOAT_EQ(p.theta[1], 0.725f);
  // The spike is over: theta keeps moving with the decaying average, and
  // pruning still applies to the averaged step.
  p.grad = {0.0f, 0.0f};
  e.run();
  EXPECT_FLOAT_EQ(velocity[0], 0.9f);
  EXPECT_EQ(p.theta[0], 0.0f); // 0.45 - 0.45 = 0 < tol
  EXPECT_FLOAT_EQ(p.theta[1], 0.725f - 0.5f * 0.405f);
}

TEST(ThetaStep, BadPlansAreNamed) {
  ThetaStep s;
  s.lr = 0.0f;
  ThetaPlan p({1.0f}, {0.0f}, {0.0f}, s);
  EXPECT_TRUE(contains(planError(p.plan), "lr > 0"));
  ThetaStep m;
  m.momentum = 1.0f;
  ThetaPlan q({1.0f}, {0.0f}, {0.0f}, m);
  EXPECT_TRUE(contains(planError(q.plan), "momentum in [0, 1)"));
  m.momentum = 0.5f; // without its velocity buffer
  ThetaPlan r({1.0f}, {0.0f}, {0.0f}, m);
  EXPECT_FALSE(planError(r.plan).empty());
}

} // namespace
} // namespace ofex::exec::test
