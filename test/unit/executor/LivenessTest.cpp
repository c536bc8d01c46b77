//===- LivenessTest.cpp - Temp slot sharing by lifetime -------------------===//

#include "Reference.h"
#include "TestUtil.h"

#include "ofex/exec/Liveness.h"

#include <cmath>
#include <random>
#include <string>

namespace ofex::exec::test {
namespace {

/// Checks the allocator's contract on any plan.
void expectSoundAssignment(const Plan &plan, const StoragePlan &sp) {
  size_t sum = 0;
  for (size_t a = 0; a < plan.buffers.size(); ++a) {
    int slot = sp.slot_of[a];
    bool shareable =
        plan.buffers[a].role == Role::Temp && sp.lifetimes[a].used();
    EXPECT_EQ(slot >= 0, shareable) << plan.buffers[a].name;
    if (slot < 0)
      continue;
    EXPECT_GE(sp.slot_bytes[size_t(slot)], plan.buffers[a].bytes());
    for (size_t b = a + 1; b < plan.buffers.size(); ++b) {
      if (sp.slot_of[b] == slot) {
        EXPECT_FALSE(sp.lifetimes[a].overlaps(sp.lifetimes[b]))
            << plan.buffers[a].name << " and " << plan.buffers[b].name
            << " share slot " << slot << " while both live";
      }
    }
  }
  for (size_t bytes : sp.slot_bytes)
    sum += bytes;
  EXPECT_EQ(sum, sp.temp_bytes);
  EXPECT_LE(sp.temp_bytes, sp.temp_bytes_no_reuse);
}

/// x -> t1 -> ... -> tN -> out through tanh.
Plan chain(int n, int64_t rows, int64_t cols) {
  Plan plan;
  BufferId prev = plan.addBuffer("x", rows, cols, Role::External);
  for (int i = 1; i <= n; ++i) {
    BufferId t = plan.addBuffer("t" + std::to_string(i), rows, cols);
    plan.addStep(EltwiseStep{Activation::tanh(), prev, t});
    prev = t;
  }
  BufferId out = plan.addBuffer("out", rows, cols, Role::Owned);
  plan.addStep(EltwiseStep{Activation::tanh(), prev, out});
  return plan;
}

TEST(Liveness, ChainNeedsTwoSlots) {
  Plan plan = chain(10, 16, 32); // 2 KiB per buffer
  StoragePlan sp = planStorage(plan);
  expectSoundAssignment(plan, sp);
  EXPECT_EQ(sp.slot_bytes.size(), 2u);
  EXPECT_EQ(sp.temp_bytes_no_reuse, 10u * 2048u);
  EXPECT_EQ(sp.temp_bytes, 2u * 2048u);
  EXPECT_EQ(sp.owned_bytes, 2048u);
  // Neighbours in the chain are live together at the step joining them.
  EXPECT_NE(sp.slot_of[size_t(plan.id("t1"))],
            sp.slot_of[size_t(plan.id("t2"))]);
}

TEST(Liveness, SharedSlotsKeepResultsExact) {
  const int n = 10;
  Plan plan = chain(n, 4, 8);
  Executor exec(std::move(plan));
  EXPECT_LT(exec.storage().temp_bytes, exec.storage().temp_bytes_no_reuse);
  std::vector<float> x = randomVector(32, 80);
  exec.bind("x", x.data());
  exec.run();
  std::vector<double> want(x.begin(), x.end());
  for (int i = 0; i <= n; ++i)
    for (double &v : want)
      v = std::tanh(float(v)); // each step rounds to fp32
  EXPECT_TRUE(allClose(exec.data("out"), want));
}

TEST(Liveness, UntouchedTempGetsNoStorage) {
  Plan plan = chain(2, 2, 2);
  plan.addBuffer("unused", 100, 100);
  StoragePlan sp = planStorage(plan);
  EXPECT_EQ(sp.slot_of[size_t(plan.id("unused"))], -1);
  EXPECT_EQ(sp.temp_bytes_no_reuse, 2u * 64u); // 16 bytes each, rounded
}

/// Random DAGs of same-shaped buffers: every step reads one or two earlier
/// buffers and writes a new Temp, a few feed Owned outputs.
Plan randomPlan(uint64_t seed, int steps, bool varySizes) {
  std::mt19937_64 rng(seed);
  Plan plan;
  std::vector<BufferId> avail = {plan.addBuffer("x", 4, 8, Role::External)};
  for (int i = 0; i < steps; ++i) {
    // Mostly recent operands, sometimes old ones, for long lifetimes.
    auto pick = [&]() {
      size_t back = rng() % 4 == 0 ? rng() % avail.size()
                                   : rng() % std::min<size_t>(3, avail.size());
      return avail[avail.size() - 1 - back];
    };
    bool owned = rng() % 8 == 0;
    int64_t cols = varySizes ? int64_t(8) << (rng() % 4) : 8;
    BufferId dst = plan.addBuffer("b" + std::to_string(i), 4, cols,
                                  owned ? Role::Owned : Role::Temp);
    if (rng() % 2 == 0)
      plan.addStep(EltwiseStep{Activation::tanh(), pick(), dst});
    else
      plan.addStep(BinaryStep{rng() % 2 ? BinaryAlg::Add : BinaryAlg::Mul,
                              pick(), pick(), dst});
    avail.push_back(dst);
  }
  return plan;
}

TEST(Liveness, RandomPlansNeverShareLiveSlots) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Plan plan = randomPlan(seed, 40, /*varySizes=*/true);
    StoragePlan sp = planStorage(plan);
    SCOPED_TRACE("seed " + std::to_string(seed));
    expectSoundAssignment(plan, sp);
    if (::testing::Test::HasFailure())
      return;
  }
}

TEST(Liveness, RandomPlansComputeLikeUnsharedStorage) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Plan plan = randomPlan(seed, 30, /*varySizes=*/false);
    // Reference: every buffer kept, evaluated in double.
    std::vector<std::vector<double>> val(plan.buffers.size());
    std::vector<float> x = randomVector(32, 90 + seed);
    val[0].assign(x.begin(), x.end());
    for (const Step &step : plan.steps) {
      if (auto *e = std::get_if<EltwiseStep>(&step)) {
        val[size_t(e->dst)] = val[size_t(e->src)];
        for (double &v : val[size_t(e->dst)])
          v = std::tanh(v);
      } else {
        auto &b = std::get<BinaryStep>(step);
        auto &l = val[size_t(b.lhs)], &r = val[size_t(b.rhs)];
        std::vector<double> out(l.size());
        for (size_t k = 0; k < l.size(); ++k)
          out[k] = b.alg == BinaryAlg::Add ? l[k] + r[k] : l[k] * r[k];
        val[size_t(b.dst)] = out;
      }
    }
    Executor exec(plan);
    exec.bind("x", x.data());
    exec.run();
    for (size_t b = 0; b < plan.buffers.size(); ++b) {
      if (plan.buffers[b].role == Role::Owned) {
        EXPECT_TRUE(allClose(exec.data(BufferId(b)), val[b], 1e-4))
            << plan.buffers[b].name;
      }
    }
  }
}

} // namespace
} // namespace ofex::exec::test
