//===- RunningStatsTest.cpp - Batch norm's evaluation mode and its stats --===//
//
// The running-statistics update and the normalization with given (running)
// statistics, forward and backward, against their formulas in double
// precision; and the plan rules that keep running statistics persistent.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

namespace ofex::exec::test {
namespace {

constexpr double kEps = 1e-5;

struct Shape {
  int64_t B, N;
};

class RunningStatsTest : public ::testing::TestWithParam<Shape> {};

// Several runs on new batches: each moves the statistics by the momentum
// towards that batch's mean and unbiased variance.
TEST_P(RunningStatsTest, UpdateFollowsTheFormula) {
  auto [B, N] = GetParam();
  const double momentum = 0.1;
  Plan plan;
  RunningStatsStep s;
  s.src = plan.addBuffer("x", B, N, Role::External);
  s.mean = plan.addBuffer("mean", 1, N, Role::Owned);
  s.variance = plan.addBuffer("var", 1, N, Role::Owned);
  s.momentum = momentum;
  plan.addStep(s);
  Executor exec(std::move(plan));
  std::vector<double> mean(size_t(N), 0.0), var(size_t(N), 1.0);
  fill(exec, "var", std::vector<float>(size_t(N), 1.0f));
  for (uint64_t run = 0; run < 3; ++run) {
    // Columns with an offset and a spread of their own.
    std::vector<float> x = randomVector(size_t(B * N), 40 + run);
    for (int64_t i = 0; i < B; ++i)
      for (int64_t j = 0; j < N; ++j)
        x[size_t(i * N + j)] = 3.0f * x[size_t(i * N + j)] * float(1 + j % 3) +
                               float(j % 5) - 2.0f;
    exec.bind("x", x.data());
    exec.run();
    for (int64_t j = 0; j < N; ++j) {
      double m = 0, v = 0;
      for (int64_t i = 0; i < B; ++i)
        m += x[size_t(i * N + j)] / double(B);
      for (int64_t i = 0; i < B; ++i)
        v += (x[size_t(i * N + j)] - m) * (x[size_t(i * N + j)] - m);
      v /= double(B - 1);
      mean[size_t(j)] = (1 - momentum) * mean[size_t(j)] + momentum * m;
      var[size_t(j)] = (1 - momentum) * var[size_t(j)] + momentum * v;
    }
    EXPECT_TRUE(allClose(exec.data("mean"), mean)) << "run " << run;
    EXPECT_TRUE(allClose(exec.data("var"), var)) << "run " << run;
  }
}

// With use_stats the given statistics normalise, whatever the batch's own
// are, and the backward treats them as constants: dx = dy * scale / sigma.
TEST_P(RunningStatsTest, EvaluationModeUsesTheGivenStatistics) {
  auto [B, N] = GetParam();
  Plan plan;
  NormStep f;
  f.kind = NormKind::Batch;
  f.use_stats = true;
  f.src = plan.addBuffer("x", B, N, Role::External);
  f.scale = plan.addBuffer("scale", 1, N, Role::Owned);
  f.shift = plan.addBuffer("shift", 1, N, Role::Owned);
  f.dst = plan.addBuffer("y", B, N, Role::Owned);
  f.mean = plan.addBuffer("mean", 1, N, Role::Owned);
  f.variance = plan.addBuffer("var", 1, N, Role::Owned);
  plan.addStep(f);
  NormBackwardStep b;
  b.kind = NormKind::Batch;
  b.use_stats = true;
  b.src = f.src;
  b.scale = f.scale;
  b.mean = f.mean;
  b.variance = f.variance;
  b.diff_dst = plan.addBuffer("dy", B, N, Role::External);
  b.diff_src = plan.addBuffer("dx", B, N, Role::Owned);
  b.diff_scale = plan.addBuffer("dscale", 1, N, Role::Owned);
  b.diff_shift = plan.addBuffer("dshift", 1, N, Role::Owned);
  plan.addStep(b);
  Executor exec(std::move(plan));

  std::vector<float> x = randomVector(size_t(B * N), 7, -3, 3);
  std::vector<float> dy = randomVector(size_t(B * N), 8);
  std::vector<float> scale = randomVector(size_t(N), 9, 0.5, 2);
  std::vector<float> shift = randomVector(size_t(N), 10);
  std::vector<float> mean = randomVector(size_t(N), 11);
  std::vector<float> var = randomVector(size_t(N), 12, 0.2f, 3.0f);
  exec.bind("x", x.data());
  exec.bind("dy", dy.data());
  fill(exec, "scale", scale);
  fill(exec, "shift", shift);
  fill(exec, "mean", mean);
  fill(exec, "var", var);
  exec.run();

  std::vector<double> y(size_t(B * N)), dx(size_t(B * N)),
      dscale(size_t(N), 0.0), dshift(size_t(N), 0.0);
  for (int64_t i = 0; i < B; ++i)
    for (int64_t j = 0; j < N; ++j) {
      size_t k = size_t(i * N + j);
      double inv = 1.0 / std::sqrt(double(var[size_t(j)]) + kEps);
      double xh = (x[k] - mean[size_t(j)]) * inv;
      y[k] = xh * scale[size_t(j)] + shift[size_t(j)];
      dx[k] = dy[k] * scale[size_t(j)] * inv;
      dscale[size_t(j)] += dy[k] * xh;
      dshift[size_t(j)] += dy[k];
    }
  EXPECT_TRUE(allClose(exec.data("y"), y));
  EXPECT_TRUE(allClose(exec.data("dx"), dx));
  EXPECT_TRUE(allClose(exec.data("dscale"), dscale, 1e-4));
  EXPECT_TRUE(allClose(exec.data("dshift"), dshift, 1e-4));
  // The statistics are inputs: untouched.
  for (int64_t j = 0; j < N; ++j) {
    EXPECT_EQ(exec.data("mean")[j], mean[size_t(j)]);
    EXPECT_EQ(exec.data("var")[j], var[size_t(j)]);
  }
}

// 30 is the OFENet layer width (below one AVX-512 vector per block row),
// 300 spans two column blocks of the kernels.
INSTANTIATE_TEST_SUITE_P(Shapes, RunningStatsTest,
                         ::testing::Values(Shape{2, 3}, Shape{256, 30},
                                           Shape{37, 300}),
                         [](const ::testing::TestParamInfo<Shape> &info) {
                           return std::to_string(info.param.B) + "x" +
                                  std::to_string(info.param.N);
                         });

TEST(RunningStatsPlan, AccessSetsAndBadPlans) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 4, 3, Role::External);
  BufferId x1 = plan.addBuffer("x1", 1, 3, Role::External);
  BufferId m = plan.addBuffer("m", 1, 3, Role::Owned);
  BufferId v = plan.addBuffer("v", 1, 3, Role::Owned);
  BufferId v4 = plan.addBuffer("v4", 1, 4, Role::Owned);
  BufferId y = plan.addBuffer("y", 4, 3, Role::Owned);
  BufferId tm = plan.addBuffer("tm", 1, 3);
  BufferId tv = plan.addBuffer("tv", 1, 3);
  plan.addStep(RunningStatsStep{x, m, v, 0.01});
  EXPECT_EQ(planError(plan), "");
  StepAccess a = stepAccess(plan.steps[0]);
  EXPECT_EQ(a.reads, (std::vector<BufferId>{x, m, v}));
  EXPECT_EQ(a.writes, (std::vector<BufferId>{m, v}));
  EXPECT_STREQ(stepKindName(plan.steps[0]), "running_stats");

  plan.steps[0] = RunningStatsStep{x, m, v4, 0.01};
  std::string msg = planError(plan);
  EXPECT_TRUE(contains(msg, "step 0 (running_stats)")) << msg;
  EXPECT_TRUE(contains(msg, "variance 'v4' is 1x4; expected 1x3")) << msg;
  plan.steps[0] = RunningStatsStep{x1, m, v, 0.01};
  EXPECT_TRUE(contains(planError(plan), "an unbiased variance needs"));
  plan.steps[0] = RunningStatsStep{x, m, v, 0.0};
  EXPECT_TRUE(contains(planError(plan), "0 < momentum <= 1"));
  plan.steps[0] = RunningStatsStep{x, m, m, 0.01};
  EXPECT_TRUE(contains(planError(plan), "'m' is used for two operands"));
  // Statistics written before they are read, in Temps, would not persist.
  plan.steps[0] = NormStep{NormKind::Batch, x, kNoBuffer, kNoBuffer, y, tm, tv};
  plan.addStep(RunningStatsStep{x, tm, tv, 0.01});
  EXPECT_TRUE(contains(planError(plan), "'tm' is Temp but running statistics"));

  // Evaluation mode reads its statistics; only batch norm has them.
  NormStep eval{NormKind::Batch, x, kNoBuffer, kNoBuffer, y, m, v};
  eval.use_stats = true;
  plan.steps = {eval};
  EXPECT_EQ(planError(plan), "");
  a = stepAccess(plan.steps[0]);
  EXPECT_EQ(a.reads, (std::vector<BufferId>{x, m, v}));
  EXPECT_EQ(a.writes, (std::vector<BufferId>{y}));
  eval.kind = NormKind::Layer;
  plan.steps = {eval};
  EXPECT_TRUE(contains(planError(plan), "only batch normalization"));
}

} // namespace
} // namespace ofex::exec::test
