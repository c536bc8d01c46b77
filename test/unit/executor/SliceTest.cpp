//===- SliceTest.cpp - Column slices, copied row by row -------------------===//

#include "TestUtil.h"

#include <string>
#include <utility>

namespace ofex::exec::test {
namespace {

/// dst[i][j] = src[i][offset + j] for a src of `cols` columns.
std::vector<double> refSlice(const std::vector<double> &src, int64_t rows,
                             int64_t cols, int64_t offset, int64_t width) {
  std::vector<double> out(size_t(rows * width));
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < width; ++j)
      out[size_t(i * width + j)] = src[size_t(i * cols + offset + j)];
  return out;
}

// The src of the slices is a Temp written by an earlier step, as when the
// lowering splits the output of a fused matmul.
TEST(Slice, ColumnsOfATempMatchReference) {
  const int64_t B = 7, C = 19;
  // (offset, width): the first columns, interior ones, the last columns,
  // a single last column and the whole row.
  const std::vector<std::pair<int64_t, int64_t>> cuts = {
      {0, 3}, {5, 4}, {3, 11}, {C - 3, 3}, {C - 1, 1}, {0, C}};
  Plan plan;
  BufferId x = plan.addBuffer("x", B, C, Role::External);
  BufferId t = plan.addBuffer("t", B, C); // Temp
  plan.addStep(EltwiseStep{Activation::linear(2.0f, 1.0f), x, t});
  for (size_t k = 0; k < cuts.size(); ++k) {
    BufferId d =
        plan.addBuffer("d" + std::to_string(k), B, cuts[k].second, Role::Owned);
    plan.addStep(SliceStep{t, d, cuts[k].first});
  }
  Executor exec(std::move(plan));
  std::vector<float> xs = randomVector(size_t(B * C), 71);
  exec.bind("x", xs.data());
  exec.run();

  std::vector<double> tRef(xs.size());
  for (size_t i = 0; i < xs.size(); ++i)
    tRef[i] = 2.0 * xs[i] + 1.0;
  for (size_t k = 0; k < cuts.size(); ++k) {
    auto [offset, width] = cuts[k];
    std::string name = "d" + std::to_string(k);
    EXPECT_TRUE(allClose(exec.data(name), refSlice(tRef, B, C, offset, width)))
        << "offset " << offset << " width " << width;
  }
}

// Rebinding the src repoints the sub-memory object: its offset is part of
// the descriptor, the handle stays the buffer's base.
TEST(Slice, FollowsRebinding) {
  const int64_t B = 3, C = 8, offset = 5, width = 3;
  Plan plan;
  BufferId x = plan.addBuffer("x", B, C, Role::External);
  BufferId d = plan.addBuffer("d", B, width, Role::Owned);
  plan.addStep(SliceStep{x, d, offset});
  Executor exec(std::move(plan));
  for (uint64_t seed : {81u, 82u}) {
    std::vector<float> xs = randomVector(size_t(B * C), seed);
    exec.bind("x", xs.data());
    exec.run();
    std::vector<double> xd(xs.begin(), xs.end());
    EXPECT_TRUE(allClose(exec.data("d"), refSlice(xd, B, C, offset, width)));
  }
}

TEST(Slice, AccessAndName) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 2, 6, Role::Owned);
  BufferId d = plan.addBuffer("d", 2, 2, Role::Owned);
  plan.addStep(SliceStep{x, d, 4});
  StepAccess a = stepAccess(plan.steps[0]);
  EXPECT_EQ(a.reads, (std::vector<BufferId>{x}));
  EXPECT_EQ(a.writes, (std::vector<BufferId>{d}));
  EXPECT_STREQ(stepKindName(plan.steps[0]), "slice");
  EXPECT_EQ(planError(plan), "");
}

TEST(Slice, BadShapesAreNamed) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 2, 6, Role::Owned);
  BufferId d = plan.addBuffer("d", 2, 3, Role::Owned);
  BufferId r = plan.addBuffer("r", 3, 3, Role::Owned);
  plan.addStep(SliceStep{x, d, 4}); // columns [4, 7) of 6
  std::string msg = planError(plan);
  EXPECT_TRUE(contains(msg, "step 0 (slice)")) << msg;
  EXPECT_TRUE(contains(msg, "[4, 7)") && contains(msg, "'x' (2x6)")) << msg;

  std::get<SliceStep>(plan.steps[0]).offset = -1;
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "[-1, 2)")) << msg;

  std::get<SliceStep>(plan.steps[0]) = SliceStep{x, r, 0};
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "'r' has 3 rows but src 'x' has 2")) << msg;

  std::get<SliceStep>(plan.steps[0]) = SliceStep{x, x, 0};
  EXPECT_TRUE(contains(planError(plan), "both src and dst"));
}

} // namespace
} // namespace ofex::exec::test
