//===- AllocationTest.cpp - run() allocates nothing of its own ------------===//
//
// Replaces the global operator new with a counting one for this test binary.
// oneDNN 2.6 itself allocates a few small bookkeeping objects inside every
// primitive execution (its execution context), which no public API avoids;
// so the executor's own path is checked with host-kernel-only plans, and the
// primitive path is checked not to grow with the number of runs.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "ofex/exec/MlpPlan.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> gAllocations{0};
} // namespace

void *operator new(size_t n) {
  ++gAllocations;
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, size_t) noexcept { std::free(p); }

namespace ofex::exec::test {
namespace {

long allocationsDuring(Executor &exec, int runs) {
  long before = gAllocations;
  for (int i = 0; i < runs; ++i)
    exec.run();
  return gAllocations - before;
}

TEST(Allocation, HostStepsAllocateNothing) {
  Plan plan;
  BufferId theta = plan.addBuffer("theta", 1, 64, Role::Owned);
  BufferId xi = plan.addBuffer("xi", 1, 64, Role::Owned);
  BufferId p = plan.addBuffer("p", 300, 300, Role::Owned); // parallel Adam
  BufferId g = plan.addBuffer("g", 300, 300, Role::Owned);
  BufferId m = plan.addBuffer("m", 300, 300, Role::Owned);
  BufferId v = plan.addBuffer("v", 300, 300, Role::Owned);
  plan.addStep(BernoulliStep{theta, xi});
  plan.addStep(AdamStep{p, g, m, v});
  Executor exec(std::move(plan));
  exec.run(); // OpenMP starts its threads on first use
  EXPECT_EQ(allocationsDuring(exec, 20), 0);
}

TEST(Allocation, PrimitiveRunsDoNotGrow) {
  MlpPlanOptions o;
  o.widths = {16, 32, 1};
  o.batch = 8;
  Executor exec(buildMlpTrainingPlan(o));
  std::vector<float> x(8 * 16, 0.5f), y(8, 1.0f);
  exec.bind("x", x.data());
  exec.bind("y", y.data());
  allocationsDuring(exec, 3);
  long ten = allocationsDuring(exec, 10);
  long hundred = allocationsDuring(exec, 100);
  EXPECT_EQ(hundred, 10 * ten) << "per-run allocations must be constant";
  // Only oneDNN's per-execution bookkeeping: a handful per primitive.
  EXPECT_LE(ten / 10, long(8 * exec.primitiveCount()));
}

} // namespace
} // namespace ofex::exec::test
