//===- PlanTest.cpp - Plan checks, binding and their error messages -------===//

#include "TestUtil.h"

#include "ofex/exec/Threads.h"

#include <string>

namespace ofex::exec::test {
namespace {

TEST(Plan, BufferNamesAreUniqueAndShapesPositive) {
  Plan plan;
  plan.addBuffer("a", 2, 3);
  EXPECT_THROW(plan.addBuffer("a", 2, 3), PlanError);
  EXPECT_THROW(plan.addBuffer("", 2, 3), PlanError);
  EXPECT_THROW(plan.addBuffer("z", 0, 3), PlanError);
  EXPECT_EQ(plan.find("a"), 0);
  EXPECT_EQ(plan.find("nope"), kNoBuffer);
  EXPECT_THROW(plan.id("nope"), PlanError);
}

TEST(Plan, EmptyPlanIsRejected) {
  EXPECT_TRUE(contains(planError(Plan{}), "no steps"));
}

TEST(Plan, MatmulInnerExtentMismatchNamesStepAndBuffers) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 4, 5, Role::Owned);
  BufferId w = plan.addBuffer("w", 6, 7, Role::Owned);
  BufferId y = plan.addBuffer("y", 4, 7, Role::Owned);
  plan.addStep(EltwiseStep{Activation::relu(), x, x});
  MatmulStep mm;
  mm.src = x;
  mm.weights = w;
  mm.dst = y;
  plan.addStep(mm);
  std::string msg = planError(plan);
  EXPECT_TRUE(contains(msg, "step 1 (matmul)")) << msg;
  EXPECT_TRUE(contains(msg, "'x'") && contains(msg, "'w'")) << msg;
  // Weights stored 7x5 and read transposed make the product valid.
  plan.buffers[size_t(w)].rows = 7;
  plan.buffers[size_t(w)].cols = 5;
  std::get<MatmulStep>(plan.steps[1]).trans_weights = true;
  EXPECT_EQ(planError(plan), "");
}

TEST(Plan, MissingOperandIsNamed) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 2, 2, Role::Owned);
  MatmulStep mm;
  mm.src = x;
  mm.dst = x;
  plan.addStep(mm);
  EXPECT_TRUE(contains(planError(plan), "weights is not set"));
}

TEST(Plan, OutOfRangeIdIsRejected) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 2, 2, Role::Owned);
  plan.addStep(EltwiseStep{Activation::tanh(), x, 17});
  EXPECT_TRUE(contains(planError(plan), "out-of-range"));
}

TEST(Plan, TempReadBeforeWriteIsRejected) {
  Plan plan;
  BufferId t = plan.addBuffer("t", 2, 2, Role::Temp);
  BufferId y = plan.addBuffer("y", 2, 2, Role::Owned);
  plan.addStep(EltwiseStep{Activation::tanh(), t, y});
  std::string msg = planError(plan);
  EXPECT_TRUE(contains(msg, "reads Temp buffer 't' before")) << msg;
}

TEST(Plan, AccumulatingIntoFreshTempIsRejected) {
  // dst += ... reads the Temp's stale contents.
  Plan plan;
  BufferId x = plan.addBuffer("x", 2, 3, Role::Owned);
  BufferId w = plan.addBuffer("w", 3, 4, Role::Owned);
  BufferId t = plan.addBuffer("t", 2, 4, Role::Temp);
  MatmulStep mm;
  mm.src = x;
  mm.weights = w;
  mm.dst = t;
  mm.accumulate = true;
  plan.addStep(mm);
  EXPECT_TRUE(contains(planError(plan), "reads Temp buffer 't'"));
}

TEST(Plan, AccessSetsAndFlops) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 8, 3, Role::Owned);
  BufferId w = plan.addBuffer("w", 3, 5, Role::Owned);
  BufferId y = plan.addBuffer("y", 8, 5, Role::Owned);
  MatmulStep mm;
  mm.src = x;
  mm.weights = w;
  mm.dst = y;
  mm.accumulate = true;
  plan.addStep(mm);
  StepAccess a = stepAccess(plan.steps[0]);
  EXPECT_EQ(a.reads, (std::vector<BufferId>{x, w, y}));
  EXPECT_EQ(a.writes, (std::vector<BufferId>{y}));
  EXPECT_EQ(planMatmulFlops(plan), 2.0 * 8 * 5 * 3);
  EXPECT_STREQ(stepKindName(plan.steps[0]), "matmul");
}

Plan scalePlan() {
  Plan plan;
  BufferId x = plan.addBuffer("x", 1, 4, Role::External);
  BufferId t = plan.addBuffer("t", 1, 4, Role::Temp);
  BufferId y = plan.addBuffer("y", 1, 4, Role::Owned);
  plan.addStep(EltwiseStep{Activation::linear(2.0f), x, t});
  plan.addStep(EltwiseStep{Activation::linear(1.0f, 1.0f), t, y});
  return plan;
}

TEST(Executor, ExternalMustBeBound) {
  Executor exec(scalePlan());
  try {
    exec.run();
    FAIL() << "expected an error for the unbound input";
  } catch (const std::logic_error &e) {
    EXPECT_TRUE(contains(e.what(), "'x'")) << e.what();
  }
  std::vector<float> x = {1, 2, 3, 4};
  exec.bind("x", x.data());
  exec.run();
  EXPECT_EQ(exec.data("y")[3], 9.0f);
  exec.bind("x", nullptr);
  EXPECT_THROW(exec.run(), std::logic_error);
}

TEST(Executor, TempCannotBeBound) {
  Executor exec(scalePlan());
  float buf[4];
  EXPECT_THROW(exec.bind("t", buf), std::invalid_argument);
  EXPECT_THROW(exec.bind("nope", buf), PlanError);
}

TEST(Executor, RebindingRedirectsEveryStep) {
  Executor exec(scalePlan());
  std::vector<float> a = {1, 1, 1, 1}, b = {5, 6, 7, 8}, out(4, 0);
  exec.bind("x", a.data());
  exec.bind("y", out.data()); // an Owned buffer may live with the caller
  exec.run();
  EXPECT_EQ(out, (std::vector<float>{3, 3, 3, 3}));
  exec.bind("x", b.data());
  exec.run();
  EXPECT_EQ(out, (std::vector<float>{11, 13, 15, 17}));
  // Unbinding an Owned buffer returns it to the executor's zeroed storage.
  exec.bind("y", nullptr);
  EXPECT_NE(exec.data("y"), out.data());
  EXPECT_EQ(exec.data("y")[0], 0.0f);
}

TEST(Executor, ReportsPrimitives) {
  Executor exec(scalePlan());
  EXPECT_EQ(exec.primitiveCount(), 2u);
  EXPECT_EQ(exec.plan().steps.size(), 2u);
}

TEST(Threads, LimitIsReportedBack) {
  int before = maxThreads();
  setThreads(1);
  EXPECT_EQ(maxThreads(), 1);
  setThreads(before);
  EXPECT_EQ(maxThreads(), before);
  EXPECT_THROW(setThreads(0), std::invalid_argument);
}

TEST(Executor, MovedExecutorStillRuns) {
  Executor a(scalePlan());
  Executor b(std::move(a));
  std::vector<float> x = {0, 1, 2, 3};
  b.bind("x", x.data());
  b.run();
  EXPECT_EQ(b.data("y")[2], 5.0f);
}

} // namespace
} // namespace ofex::exec::test
