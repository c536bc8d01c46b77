//===- CopyElisionTest.cpp - Views and accumulation instead of copies -----===//

#include "TestUtil.h"

#include "ofex/exec/CopyElision.h"

#include <functional>

namespace ofex::exec::test {
namespace {

/// A two-layer DenseNet (each layer reads the concatenation of the input and
/// every earlier layer) with a backward pass shaped like the lowering's:
/// slices of the concatenation's gradient, an add of a matmul's result.
Plan denseNet() {
  const int64_t B = 8;
  Plan p;
  BufferId x = p.addBuffer("x", B, 5, Role::External);
  BufferId w1 = p.addBuffer("w1", 5, 4, Role::Owned);
  BufferId w2 = p.addBuffer("w2", 9, 4, Role::Owned);
  BufferId w3 = p.addBuffer("w3", 13, 3, Role::Owned);
  BufferId dout = p.addBuffer("dout", B, 3, Role::External);
  BufferId y1 = p.addBuffer("y1", B, 4), h1 = p.addBuffer("h1", B, 4);
  BufferId z1 = p.addBuffer("z1", B, 9);
  BufferId y2 = p.addBuffer("y2", B, 4);
  BufferId z2 = p.addBuffer("z2", B, 13);
  BufferId out = p.addBuffer("out", B, 3, Role::Owned);
  p.addStep(MatmulStep{x, w1, kNoBuffer, y1});
  p.addStep(EltwiseStep{Activation::tanh(), y1, h1});
  p.addStep(ConcatStep{{x, h1}, z1});
  p.addStep(MatmulStep{z1, w2, kNoBuffer, y2}); // written in place into z2
  p.addStep(ConcatStep{{z1, y2}, z2});
  p.addStep(MatmulStep{z2, w3, kNoBuffer, out});
  // Backward: dz2 = dout W3^T; dz1 = dz2[:, :9] + dz2[:, 9:] W2^T.
  BufferId dz2 = p.addBuffer("dz2", B, 13);
  BufferId a = p.addBuffer("a", B, 9), b = p.addBuffer("b", B, 4);
  BufferId m = p.addBuffer("m", B, 9), dz1 = p.addBuffer("dz1", B, 9);
  BufferId dx = p.addBuffer("dx", B, 5, Role::Owned);
  BufferId dh1 = p.addBuffer("dh1", B, 4, Role::Owned);
  BufferId dw2 = p.addBuffer("dw2", 9, 4, Role::Owned);
  MatmulStep back{dout, w3, kNoBuffer, dz2};
  back.trans_weights = true;
  p.addStep(back);
  p.addStep(SliceStep{dz2, a, 0});
  p.addStep(SliceStep{dz2, b, 9});
  MatmulStep dw{z1, b, kNoBuffer, dw2};
  dw.trans_src = true;
  p.addStep(dw);
  MatmulStep dm{b, w2, kNoBuffer, m};
  dm.trans_weights = true;
  p.addStep(dm);
  p.addStep(BinaryStep{BinaryAlg::Add, a, m, dz1});
  p.addStep(SliceStep{dz1, dx, 0});
  p.addStep(SliceStep{dz1, dh1, 5});
  return p;
}

std::vector<std::vector<float>> runPlan(Plan plan, bool elide,
                                        Precision precision = Precision::F32) {
  ExecutorOptions o;
  o.elide_copies = elide;
  o.precision = precision;
  o.bf16_min_depth = 1; // the small plan's every matmul
  Executor exec(std::move(plan), o);
  auto x = randomVector(8 * 5, 1), dout = randomVector(8 * 3, 2);
  exec.bind("x", x.data());
  exec.bind("dout", dout.data());
  fill(exec, "w1", randomVector(5 * 4, 3));
  fill(exec, "w2", randomVector(9 * 4, 4));
  fill(exec, "w3", randomVector(13 * 3, 5));
  exec.run();
  std::vector<std::vector<float>> got;
  for (const char *name : {"out", "dx", "dh1", "dw2"}) {
    const Buffer &b = exec.plan().buffer(exec.plan().id(name));
    got.emplace_back(exec.data(name), exec.data(name) + b.elements());
  }
  return got;
}

TEST(CopyElision, DenseNetBecomesViewsWithSameResults) {
  Plan plan = denseNet();
  CopyElisionStats st = elideCopies(plan);
  EXPECT_EQ(st.accumulates, 1);  // dz1 = a + m
  EXPECT_EQ(st.slices, 2);       // a and b: read by matmuls only
  EXPECT_EQ(st.concatViews, 2);  // y2 and z1 (a matmul's and a concat's)
  EXPECT_EQ(st.concatCopies, 2); // x (an input) and h1 (element-wise)
  for (const Step &s : plan.steps)
    EXPECT_FALSE(std::holds_alternative<ConcatStep>(s) ||
                 std::holds_alternative<BinaryStep>(s))
        << stepKindName(s);
  // Slices into Owned results stay copies; everything else is a view of
  // z2 or dz2.
  EXPECT_EQ(plan.buffer(plan.id("z1")).view_of, plan.id("z2"));
  EXPECT_EQ(plan.buffer(plan.id("y2")).view_col, 9);
  EXPECT_EQ(plan.buffer(plan.id("b")).view_of, plan.id("dz2"));
  EXPECT_FALSE(plan.buffer(plan.id("dx")).isView());

  auto plain = runPlan(denseNet(), false), elided = runPlan(denseNet(), true);
  for (size_t r = 0; r < plain.size(); ++r)
    for (size_t k = 0; k < plain[r].size(); ++k)
      EXPECT_NEAR(plain[r][k], elided[r][k], 1e-5) << r << "[" << k << "]";
}

// bf16 matmuls stage views (operands as dense bf16 copies, strided
// destinations as dense ones copied back, after the old values were copied
// in when accumulating): the elided plan computes what the plain one does.
TEST(CopyElision, DenseNetInBf16EqualsItsPlainPlan) {
  if (!cpuHasBf16())
    GTEST_SKIP() << "no AVX-512 BF16 on this CPU";
  auto plain = runPlan(denseNet(), false, Precision::BF16),
       elided = runPlan(denseNet(), true, Precision::BF16),
       fp32 = runPlan(denseNet(), true);
  double fromFp32 = 0;
  for (size_t r = 0; r < plain.size(); ++r)
    for (size_t k = 0; k < plain[r].size(); ++k) {
      EXPECT_NEAR(plain[r][k], elided[r][k], 1e-5) << r << "[" << k << "]";
      fromFp32 =
          std::max(fromFp32, double(std::fabs(elided[r][k] - fp32[r][k])));
    }
  EXPECT_GT(fromFp32, 1e-4); // the matmuls did round their operands
}

// What must stay a copy: a slice an element-wise step reads (oneDNN's
// element-wise kernels are reference code on strided memory), and an add
// whose addend is still read afterwards.
TEST(CopyElision, KeepsCopiesItCannotProveSafe) {
  const int64_t B = 4;
  Plan p;
  BufferId x = p.addBuffer("x", B, 6, Role::External);
  BufferId w = p.addBuffer("w", 6, 3, Role::Owned);
  BufferId full = p.addBuffer("full", B, 6);
  BufferId part = p.addBuffer("part", B, 3);
  BufferId act = p.addBuffer("act", B, 3);
  BufferId m = p.addBuffer("m", B, 3);
  BufferId sum = p.addBuffer("sum", B, 3);
  BufferId out = p.addBuffer("out", B, 3, Role::Owned);
  p.addStep(EltwiseStep{Activation::tanh(), x, full});
  p.addStep(SliceStep{full, part, 3});
  p.addStep(EltwiseStep{Activation::relu(), part, act});
  p.addStep(MatmulStep{x, w, kNoBuffer, m});
  p.addStep(BinaryStep{BinaryAlg::Add, act, m, sum});
  p.addStep(BinaryStep{BinaryAlg::Mul, sum, act, out}); // act read again
  Plan before = p;
  CopyElisionStats st = elideCopies(p);
  EXPECT_EQ(st.accumulates + st.slices + st.concatViews + st.concatCopies, 0);
  EXPECT_EQ(p.steps.size(), before.steps.size());
}

/// Runs a plan with and without elision on the same data; every Owned
/// buffer must come out the same.
void expectSameResults(const std::function<Plan()> &make) {
  std::vector<std::vector<float>> out[2];
  for (int elide = 0; elide < 2; ++elide) {
    ExecutorOptions o;
    o.elide_copies = elide == 1;
    Executor exec(make(), o);
    std::vector<std::vector<float>> inputs;
    uint64_t seed = 10;
    for (size_t b = 0; b < exec.plan().buffers.size(); ++b) {
      const Buffer &buf = exec.plan().buffers[b];
      if (buf.role == Role::External) {
        inputs.push_back(randomVector(size_t(buf.elements()), seed++));
        exec.bind(BufferId(b), inputs.back().data());
      } else if (buf.role == Role::Owned) {
        auto v = randomVector(size_t(buf.elements()), seed++);
        std::copy(v.begin(), v.end(), exec.data(BufferId(b)));
      }
    }
    exec.run();
    for (size_t b = 0; b < exec.plan().buffers.size(); ++b) {
      const Buffer &buf = exec.plan().buffers[b];
      if (buf.role == Role::Owned)
        out[elide].emplace_back(exec.data(BufferId(b)),
                                exec.data(BufferId(b)) + buf.elements());
    }
  }
  ASSERT_EQ(out[0].size(), out[1].size());
  for (size_t r = 0; r < out[0].size(); ++r)
    for (size_t k = 0; k < out[0][r].size(); ++k)
      EXPECT_NEAR(out[0][r][k], out[1][r][k], 1e-5) << r << "[" << k << "]";
}

// X is both a concat source and the source of a slice that is accumulated
// into: X must not become columns of the concat (the accumulation would
// reach the concat's readers).
TEST(CopyElision, AccumulatedSliceKeepsItsSourceOutOfAConcat) {
  expectSameResults([] {
    const int64_t B = 4;
    Plan p;
    BufferId in = p.addBuffer("in", B, 5, Role::External);
    BufferId w = p.addBuffer("w", 5, 6, Role::Owned);
    BufferId w2 = p.addBuffer("w2", 5, 3, Role::Owned);
    BufferId w3 = p.addBuffer("w3", 3, 2, Role::Owned);
    BufferId w4 = p.addBuffer("w4", 8, 2, Role::Owned);
    BufferId y = p.addBuffer("y", B, 2, Role::External);
    BufferId x = p.addBuffer("x", B, 6), a = p.addBuffer("a", B, 3);
    BufferId d = p.addBuffer("d", B, 8), m = p.addBuffer("m", B, 3);
    BufferId z = p.addBuffer("z", B, 3);
    p.addStep(MatmulStep{in, w, kNoBuffer, x});
    p.addStep(SliceStep{x, a, 0});
    p.addStep(ConcatStep{{x, y}, d});
    p.addStep(MatmulStep{in, w2, kNoBuffer, m});
    p.addStep(BinaryStep{BinaryAlg::Add, a, m, z});
    p.addStep(
        MatmulStep{z, w3, kNoBuffer, p.addBuffer("o1", B, 2, Role::Owned)});
    p.addStep(
        MatmulStep{d, w4, kNoBuffer, p.addBuffer("o2", B, 2, Role::Owned)});
    return p;
  });
}

// An Owned concat result read before the concat holds the previous run's
// value there; its sources must not overwrite it early.
TEST(CopyElision, OwnedResultReadBeforeTheConcatStaysIntact) {
  expectSameResults([] {
    const int64_t B = 4;
    Plan p;
    BufferId in = p.addBuffer("in", B, 5, Role::External);
    BufferId w = p.addBuffer("w", 5, 3, Role::Owned);
    BufferId w5 = p.addBuffer("w5", 5, 2, Role::Owned);
    BufferId y = p.addBuffer("y", B, 2, Role::External);
    BufferId d = p.addBuffer("d", B, 5, Role::Owned);
    BufferId s = p.addBuffer("s", B, 3);
    p.addStep(MatmulStep{in, w, kNoBuffer, s});
    p.addStep(
        MatmulStep{d, w5, kNoBuffer, p.addBuffer("o", B, 2, Role::Owned)});
    p.addStep(ConcatStep{{s, y}, d});
    return p;
  });
}

// A slice of a parameter that Adam updates later in the run stays a copy.
TEST(CopyElision, SliceOfAParameterAdamWritesStaysACopy) {
  const int64_t B = 4;
  Plan p;
  BufferId x = p.addBuffer("x", B, 3, Role::External);
  BufferId w = p.addBuffer("w", 3, 6, Role::Owned);
  BufferId g = p.addBuffer("g", 3, 6, Role::Owned);
  BufferId m = p.addBuffer("m", 3, 6, Role::Owned);
  BufferId v = p.addBuffer("v", 3, 6, Role::Owned);
  BufferId part = p.addBuffer("part", 3, 2);
  p.addStep(SliceStep{w, part, 4});
  p.addStep(
      MatmulStep{x, part, kNoBuffer, p.addBuffer("o", B, 2, Role::Owned)});
  p.addStep(AdamStep{w, g, m, v});
  CopyElisionStats st = elideCopies(p);
  EXPECT_EQ(st.slices, 0);
  EXPECT_TRUE(std::holds_alternative<SliceStep>(p.steps[0]));
}

// Sources copied into an Owned concat result that the caller re-binds:
// the copies (views of the result) follow the new storage.
TEST(CopyElision, ViewsFollowARebindOfTheirRoot) {
  const int64_t B = 4;
  Plan p;
  BufferId x = p.addBuffer("x", B, 3, Role::External);
  BufferId w = p.addBuffer("w", 3, 2, Role::Owned);
  BufferId h = p.addBuffer("h", B, 2);
  BufferId d = p.addBuffer("d", B, 5, Role::Owned);
  p.addBuffer("d.cols0", 1, 1, Role::Owned); // the name a copy would take
  p.addStep(MatmulStep{x, w, kNoBuffer, h});
  p.addStep(ConcatStep{{x, h}, d});
  Executor exec(std::move(p));
  EXPECT_TRUE(exec.plan().buffer(exec.plan().id("h")).isView());
  auto xs = randomVector(size_t(B * 3), 1);
  auto ws = randomVector(6, 2);
  exec.bind("x", xs.data());
  std::copy(ws.begin(), ws.end(), exec.data("w"));
  std::vector<float> mine(size_t(B * 5), -7.0f);
  exec.bind("d", mine.data());
  exec.run();
  for (int64_t r = 0; r < B; ++r) {
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_EQ(mine[size_t(r * 5 + c)], xs[size_t(r * 3 + c)]);
    for (int64_t c = 0; c < 2; ++c) {
      float want = 0;
      for (int64_t k = 0; k < 3; ++k)
        want += xs[size_t(r * 3 + k)] * ws[size_t(k * 2 + c)];
      EXPECT_NEAR(mine[size_t(r * 5 + 3 + c)], want, 1e-5);
    }
  }
}

// A view read long after its root's last direct use keeps the root's
// storage alive: Temps made in between get other slots.
TEST(CopyElision, AViewKeepsItsRootsStorage) {
  auto make = [] {
    const int64_t B = 4;
    Plan p;
    BufferId x = p.addBuffer("x", B, 6, Role::External);
    BufferId w = p.addBuffer("w", 6, 8, Role::Owned);
    BufferId w2 = p.addBuffer("w2", 6, 8, Role::Owned);
    BufferId w3 = p.addBuffer("w3", 8, 2, Role::Owned);
    BufferId w4 = p.addBuffer("w4", 4, 2, Role::Owned);
    BufferId r = p.addBuffer("r", B, 8), v = p.addBuffer("v", B, 4);
    BufferId t1 = p.addBuffer("t1", B, 8), t2 = p.addBuffer("t2", B, 8);
    p.addStep(MatmulStep{x, w, kNoBuffer, r});
    p.addStep(SliceStep{r, v, 4});
    p.addStep(MatmulStep{x, w2, kNoBuffer, t1});
    p.addStep(EltwiseStep{Activation::tanh(), t1, t2});
    p.addStep(
        MatmulStep{t2, w3, kNoBuffer, p.addBuffer("o1", B, 2, Role::Owned)});
    p.addStep(
        MatmulStep{v, w4, kNoBuffer, p.addBuffer("o2", B, 2, Role::Owned)});
    return p;
  };
  Executor exec(make());
  const Plan &p = exec.plan();
  ASSERT_TRUE(p.buffer(p.id("v")).isView());
  const StoragePlan &sp = exec.storage();
  int root = sp.slot_of[size_t(p.id("r"))];
  EXPECT_GE(root, 0);
  EXPECT_NE(root, sp.slot_of[size_t(p.id("t1"))]);
  EXPECT_NE(root, sp.slot_of[size_t(p.id("t2"))]);
  EXPECT_EQ(sp.slot_of[size_t(p.id("v"))], -1); // no storage of its own
  expectSameResults(make);
}

TEST(CopyElision, UserViewsAreRejected) {
  Plan p = denseNet();
  p.buffers[size_t(p.id("a"))].view_of = p.id("dz2");
  EXPECT_TRUE(contains(planError(p), "is a view"));
}

} // namespace
} // namespace ofex::exec::test
