//===- DataMovementTest.cpp - Reduce, concat, sum and reorder -------------===//

#include "TestUtil.h"

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>

namespace ofex::exec::test {
namespace {

enum class Over { Batch, Features, All }; // -> 1 x N, B x 1, 1 x 1

using ReduceParam = std::tuple<ReduceAlg, Over>;

class ReduceTest : public ::testing::TestWithParam<ReduceParam> {};

TEST_P(ReduceTest, MatchesReference) {
  auto [alg, over] = GetParam();
  const int64_t B = 33, N = 10;
  const int64_t outRows = over == Over::Features ? B : 1;
  const int64_t outCols = over == Over::Batch ? N : 1;
  Plan plan;
  BufferId src = plan.addBuffer("src", B, N, Role::Owned);
  BufferId dst = plan.addBuffer("dst", outRows, outCols, Role::Owned);
  plan.addStep(ReduceStep{alg, src, dst});
  Executor exec(std::move(plan));
  std::vector<float> x = randomVector(size_t(B * N), 31);
  fill(exec, "src", x);
  exec.run();

  size_t outs = size_t(outRows * outCols);
  std::vector<double> want(outs), count(outs, 0);
  for (size_t o = 0; o < outs; ++o)
    want[o] = alg == ReduceAlg::Max   ? -std::numeric_limits<double>::infinity()
              : alg == ReduceAlg::Min ? std::numeric_limits<double>::infinity()
                                      : 0.0;
  for (int64_t i = 0; i < B; ++i)
    for (int64_t j = 0; j < N; ++j) {
      size_t o = over == Over::Batch      ? size_t(j)
                 : over == Over::Features ? size_t(i)
                                          : 0;
      double v = x[size_t(i * N + j)];
      if (alg == ReduceAlg::Max)
        want[o] = std::max(want[o], v);
      else if (alg == ReduceAlg::Min)
        want[o] = std::min(want[o], v);
      else
        want[o] += v;
      count[o] += 1;
    }
  if (alg == ReduceAlg::Mean)
    for (size_t o = 0; o < outs; ++o)
      want[o] /= count[o];
  EXPECT_TRUE(allClose(exec.data("dst"), want));
}

// Named, as braced lists inside the macro's arguments split at their commas.
std::string reduceName(const ::testing::TestParamInfo<ReduceParam> &info) {
  const char *names[] = {"Sum", "Mean", "Max", "Min"};
  const char *overs[] = {"OverBatch", "OverFeatures", "All"};
  return std::string(names[int(std::get<0>(info.param))]) +
         overs[int(std::get<1>(info.param))];
}

INSTANTIATE_TEST_SUITE_P(
    AllAlgorithms, ReduceTest,
    ::testing::Combine(::testing::Values(ReduceAlg::Sum, ReduceAlg::Mean,
                                         ReduceAlg::Max, ReduceAlg::Min),
                       ::testing::Values(Over::Batch, Over::Features,
                                         Over::All)),
    reduceName);

TEST(Concat, JoinsAlongFeatures) {
  const int64_t B = 5;
  const int64_t widths[] = {3, 1, 7};
  Plan plan;
  ConcatStep cat;
  for (int i = 0; i < 3; ++i)
    cat.srcs.push_back(
        plan.addBuffer("s" + std::to_string(i), B, widths[i], Role::Owned));
  cat.dst = plan.addBuffer("dst", B, 11, Role::Owned);
  plan.addStep(cat);
  Executor exec(std::move(plan));
  std::vector<std::vector<float>> srcs;
  for (int i = 0; i < 3; ++i) {
    srcs.push_back(randomVector(size_t(B * widths[i]), 40 + uint64_t(i)));
    std::copy(srcs[size_t(i)].begin(), srcs[size_t(i)].end(),
              exec.data("s" + std::to_string(i)));
  }
  exec.run();
  std::vector<double> want;
  for (int64_t r = 0; r < B; ++r)
    for (int i = 0; i < 3; ++i)
      for (int64_t c = 0; c < widths[i]; ++c)
        want.push_back(srcs[size_t(i)][size_t(r * widths[i] + c)]);
  EXPECT_TRUE(allClose(exec.data("dst"), want));
}

TEST(Concat, RejectsWidthMismatch) {
  Plan plan;
  BufferId a = plan.addBuffer("a", 2, 3, Role::Owned);
  BufferId b = plan.addBuffer("b", 2, 4, Role::Owned);
  BufferId d = plan.addBuffer("d", 2, 8, Role::Owned);
  plan.addStep(ConcatStep{{a, b}, d});
  EXPECT_THROW(Executor exec(std::move(plan)), PlanError);
}

class SumTest : public ::testing::TestWithParam<bool> {};

TEST_P(SumTest, WeightedSumMatchesReference) {
  bool inPlace = GetParam();
  const int64_t B = 6, N = 23;
  const std::vector<float> scales = {1.0f, -0.5f, 2.0f};
  Plan plan;
  SumStep sum;
  for (int i = 0; i < 3; ++i)
    sum.srcs.push_back(
        plan.addBuffer("s" + std::to_string(i), B, N, Role::Owned));
  sum.scales = scales;
  sum.dst = inPlace ? sum.srcs[0] : plan.addBuffer("dst", B, N, Role::Owned);
  plan.addStep(sum);
  Executor exec(std::move(plan));
  std::vector<double> want(size_t(B * N), 0.0);
  for (int i = 0; i < 3; ++i) {
    auto v = randomVector(size_t(B * N), 50 + uint64_t(i));
    std::copy(v.begin(), v.end(), exec.data("s" + std::to_string(i)));
    for (size_t k = 0; k < v.size(); ++k)
      want[k] += double(scales[size_t(i)]) * v[k];
  }
  exec.run();
  EXPECT_TRUE(allClose(exec.data(inPlace ? "s0" : "dst"), want));
}

INSTANTIATE_TEST_SUITE_P(Placement, SumTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &info) {
                           return info.param ? "InPlace" : "OutOfPlace";
                         });

TEST(Reorder, CopiesAndTransposes) {
  const int64_t R = 7, C = 12;
  Plan plan;
  BufferId src = plan.addBuffer("src", R, C, Role::Owned);
  BufferId copy = plan.addBuffer("copy", R, C, Role::Owned);
  BufferId tr = plan.addBuffer("tr", C, R, Role::Owned);
  plan.addStep(ReorderStep{src, copy, false});
  plan.addStep(ReorderStep{src, tr, true});
  Executor exec(std::move(plan));
  auto x = randomVector(size_t(R * C), 60);
  fill(exec, "src", x);
  exec.run();
  std::vector<double> wantCopy(x.begin(), x.end()), wantTr(x.size());
  for (int64_t r = 0; r < R; ++r)
    for (int64_t c = 0; c < C; ++c)
      wantTr[size_t(c * R + r)] = x[size_t(r * C + c)];
  EXPECT_TRUE(allClose(exec.data("copy"), wantCopy, 0));
  EXPECT_TRUE(allClose(exec.data("tr"), wantTr, 0));
}

} // namespace
} // namespace ofex::exec::test
