//===- AdamTest.cpp - Bias-corrected Adam against hand-computed steps -----===//

#include "TestUtil.h"

#include <algorithm>
#include <cmath>

namespace ofex::exec::test {
namespace {

Plan adamPlan(int64_t rows, int64_t cols, double lr) {
  Plan plan;
  BufferId p = plan.addBuffer("p", rows, cols, Role::Owned);
  BufferId g = plan.addBuffer("g", rows, cols, Role::Owned);
  BufferId m = plan.addBuffer("m", rows, cols, Role::Owned);
  BufferId v = plan.addBuffer("v", rows, cols, Role::Owned);
  plan.addStep(AdamStep{p, g, m, v, lr, 0.9, 0.999, 1e-8});
  return plan;
}

// lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, p0 = 1, gradients
// 0.5, -0.25, 1.0. By hand:
//  t=1: m = 0.1*0.5 = 0.05; v = 0.001*0.25 = 0.00025;
//       mhat = 0.05/0.1 = 0.5; vhat = 0.00025/0.001 = 0.25;
//       p = 1 - 0.1*0.5/(0.5 + 1e-8) = 0.900000002
//  t=2: m = 0.045 - 0.025 = 0.02; v = 0.00024975 + 0.0000625 = 0.00031225;
//       mhat = 0.02/0.19 = 0.1052632; vhat = 0.00031225/0.001999 = 0.1562031;
//       p = 0.900000002 - 0.1*0.1052632/0.3952251 = 0.8733663
//  t=3: m = 0.018 + 0.1 = 0.118; v = 0.00031193775 + 0.001 = 0.00131193775;
//       mhat = 0.118/0.271 = 0.4354244; vhat = 0.00131193775/0.002997001
//       = 0.4377502; p = 0.8733663 - 0.1*0.4354244/0.6616270 = 0.8075551
TEST(Adam, MatchesHandComputedThreeSteps) {
  Executor exec(adamPlan(1, 1, 0.1));
  exec.data("p")[0] = 1.0f;
  const float grads[] = {0.5f, -0.25f, 1.0f};
  const double wantM[] = {0.05, 0.02, 0.118};
  const double wantV[] = {0.00025, 0.00031225, 0.00131193775};
  const double wantP[] = {0.900000002, 0.8733663, 0.8075551};
  for (int t = 0; t < 3; ++t) {
    exec.data("g")[0] = grads[t];
    exec.run();
    EXPECT_EQ(exec.adamStep(), t + 1);
    EXPECT_NEAR(exec.data("m")[0], wantM[t], 1e-5 * wantM[t]) << "t=" << t + 1;
    EXPECT_NEAR(exec.data("v")[0], wantV[t], 1e-5 * wantV[t]) << "t=" << t + 1;
    EXPECT_NEAR(exec.data("p")[0], wantP[t], 2e-7) << "t=" << t + 1;
  }
}

// Large enough for the parallel path; compared with the textbook formula in
// double over several steps of random gradients.
TEST(Adam, VectorMatchesTextbookFormula) {
  const int64_t R = 200, C = 250;
  const size_t n = size_t(R * C);
  const double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  Executor exec(adamPlan(R, C, lr));
  std::vector<float> p0 = randomVector(n, 70);
  fill(exec, "p", p0);
  std::vector<double> p(p0.begin(), p0.end()), m(n, 0), v(n, 0);
  for (int t = 1; t <= 5; ++t) {
    std::vector<float> g = randomVector(n, 70 + uint64_t(t));
    fill(exec, "g", g);
    exec.run();
    for (size_t i = 0; i < n; ++i) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * double(g[i]) * g[i];
      double mh = m[i] / (1 - std::pow(b1, t));
      double vh = v[i] / (1 - std::pow(b2, t));
      p[i] -= lr * mh / (std::sqrt(vh) + eps);
    }
  }
  EXPECT_TRUE(allClose(exec.data("p"), p));
  EXPECT_TRUE(allClose(exec.data("m"), m));
}

// Consecutive Adam steps run as one group split over the threads across
// tensor boundaries (the total is over the parallel threshold, no tensor
// alone is); each tensor must still get its own learning rate.
TEST(Adam, ConsecutiveStepsMatchTextbookEach) {
  const int64_t shapes[][2] = {{3, 7}, {150, 150}, {100, 130}};
  const double lrs[] = {1e-1, 1e-2, 3e-3};
  const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
  Plan plan;
  for (int k = 0; k < 3; ++k) {
    auto buf = [&](const char *what) {
      return plan.addBuffer(what + std::to_string(k), shapes[k][0],
                            shapes[k][1], Role::Owned);
    };
    BufferId p = buf("p"), g = buf("g"), m = buf("m"), v = buf("v");
    plan.addStep(AdamStep{p, g, m, v, lrs[k], b1, b2, eps});
  }
  Executor exec(std::move(plan));
  std::vector<std::vector<double>> p(3), m(3), v(3);
  for (int k = 0; k < 3; ++k) {
    size_t n = size_t(shapes[k][0] * shapes[k][1]);
    std::vector<float> p0 = randomVector(n, 80 + uint64_t(k));
    fill(exec, ("p" + std::to_string(k)).c_str(), p0);
    p[k].assign(p0.begin(), p0.end());
    m[k].assign(n, 0);
    v[k].assign(n, 0);
  }
  for (int t = 1; t <= 3; ++t) {
    for (int k = 0; k < 3; ++k) {
      std::vector<float> g =
          randomVector(p[k].size(), 90 + uint64_t(10 * t + k));
      fill(exec, ("g" + std::to_string(k)).c_str(), g);
      for (size_t i = 0; i < g.size(); ++i) {
        m[k][i] = b1 * m[k][i] + (1 - b1) * g[i];
        v[k][i] = b2 * v[k][i] + (1 - b2) * double(g[i]) * g[i];
        double mh = m[k][i] / (1 - std::pow(b1, t));
        double vh = v[k][i] / (1 - std::pow(b2, t));
        p[k][i] -= lrs[k] * mh / (std::sqrt(vh) + eps);
      }
    }
    exec.run();
  }
  for (int k = 0; k < 3; ++k) {
    EXPECT_TRUE(allClose(exec.data("p" + std::to_string(k)), p[k])) << k;
    EXPECT_TRUE(allClose(exec.data("v" + std::to_string(k)), v[k])) << k;
  }
}

// Two consecutive Adam steps on the same tensor (as a plan may apply two
// gradients) must run one after the other, not as one parallel group.
TEST(Adam, StepsSharingATensorRunInOrder) {
  const int64_t n = 1 << 21; // long enough for two threads to overlap
  Plan plan;
  BufferId p = plan.addBuffer("p", 1, n, Role::Owned);
  BufferId g1 = plan.addBuffer("g1", 1, n, Role::Owned);
  BufferId g2 = plan.addBuffer("g2", 1, n, Role::Owned);
  BufferId m1 = plan.addBuffer("m1", 1, n, Role::Owned);
  BufferId v1 = plan.addBuffer("v1", 1, n, Role::Owned);
  BufferId m2 = plan.addBuffer("m2", 1, n, Role::Owned);
  BufferId v2 = plan.addBuffer("v2", 1, n, Role::Owned);
  plan.addStep(AdamStep{p, g1, m1, v1, 0.1});
  plan.addStep(AdamStep{p, g2, m2, v2, 0.1});
  // A step on other tensors joins the second one's group.
  BufferId q = plan.addBuffer("q", 1, n, Role::Owned);
  BufferId mq = plan.addBuffer("mq", 1, n, Role::Owned);
  BufferId vq = plan.addBuffer("vq", 1, n, Role::Owned);
  plan.addStep(AdamStep{q, g1, mq, vq, 0.1});
  Executor exec(std::move(plan));
  // The rule itself (deterministic); the values below would catch its
  // violation only when the two threads happen to overlap.
  EXPECT_EQ(exec.adamGroups(), (std::vector<std::vector<size_t>>{{0}, {1, 2}}));
  std::fill_n(exec.data("g1"), n, 1.0f);
  std::fill_n(exec.data("g2"), n, 1.0f);
  exec.run();
  // t = 1: each step moves p by lr * 1 / (1 + eps): two steps, -0.2.
  for (int64_t i = 0; i < n; i += 997)
    ASSERT_NEAR(exec.data("p")[i], -0.2f, 1e-6) << i;
}

TEST(Adam, StepCountCanBeRestored) {
  // Two executors agree once the second is told how many steps came before.
  Executor a(adamPlan(1, 4, 0.05)), b(adamPlan(1, 4, 0.05));
  std::vector<float> g = {0.3f, -1.0f, 0.7f, 2.0f};
  fill(a, "g", g);
  fill(b, "g", g);
  a.run();
  a.run();
  for (const char *name : {"p", "m", "v"})
    std::copy(a.data(name), a.data(name) + 4, b.data(name));
  b.setAdamStep(a.adamStep());
  a.run();
  b.run();
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(a.data("p")[i], b.data("p")[i]);
}

TEST(Adam, RejectsTempState) {
  Plan plan;
  BufferId p = plan.addBuffer("p", 1, 3, Role::Owned);
  BufferId g = plan.addBuffer("g", 1, 3, Role::Owned);
  BufferId m = plan.addBuffer("m", 1, 3, Role::Temp);
  BufferId v = plan.addBuffer("v", 1, 3, Role::Owned);
  plan.addStep(AdamStep{p, g, m, v});
  EXPECT_THROW(Executor exec(std::move(plan)), PlanError);
}

} // namespace
} // namespace ofex::exec::test
