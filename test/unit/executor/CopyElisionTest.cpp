//===- CopyElisionTest.cpp - Views and accumulation instead of copies -----===//

#include "TestUtil.h"

#include "ofex/exec/CopyElision.h"

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

std::vector<std::vector<float>> runPlan(Plan plan, bool elide) {
  ExecutorOptions o;
  o.elide_copies = elide;
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

TEST(CopyElision, UserViewsAreRejected) {
  Plan p = denseNet();
  p.buffers[size_t(p.id("a"))].view_of = p.id("dz2");
  EXPECT_TRUE(contains(planError(p), "is a view"));
}

} // namespace
} // namespace ofex::exec::test
