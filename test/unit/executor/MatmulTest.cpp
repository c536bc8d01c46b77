//===- MatmulTest.cpp - Matmul with transposes, bias, post-ops, accumulate ===//

#include "Reference.h"
#include "TestUtil.h"

#include <string>
#include <tuple>

namespace ofex::exec::test {
namespace {

// (trans_src, trans_weights, bias, accumulate, post-op index)
using MatmulParam = std::tuple<bool, bool, bool, bool, int>;

std::vector<Activation> postOpsFor(int index) {
  switch (index) {
  case 0:
    return {};
  case 1:
    return {Activation::relu()};
  case 2:
    return {Activation::swish()};
  case 3:
    return {Activation::tanh()};
  case 4:
    return {Activation::linear(0.5f, -0.25f)};
  default: // a chain, applied in order
    return {Activation::relu(0.1f), Activation::linear(2.0f, 1.0f)};
  }
}

class MatmulTest : public ::testing::TestWithParam<MatmulParam> {};

TEST_P(MatmulTest, MatchesReferenceLoops) {
  auto [transSrc, transW, hasBias, accumulate, postIndex] = GetParam();
  const int64_t M = 13, K = 37, N = 21;
  Plan plan;
  MatmulStep mm;
  mm.src = transSrc ? plan.addBuffer("src", K, M, Role::External)
                    : plan.addBuffer("src", M, K, Role::External);
  mm.weights = transW ? plan.addBuffer("w", N, K, Role::Owned)
                      : plan.addBuffer("w", K, N, Role::Owned);
  if (hasBias)
    mm.bias = plan.addBuffer("b", 1, N, Role::Owned);
  mm.dst = plan.addBuffer("dst", M, N, Role::Owned);
  mm.trans_src = transSrc;
  mm.trans_weights = transW;
  mm.accumulate = accumulate;
  mm.post_ops = postOpsFor(postIndex);
  plan.addStep(mm);
  Executor exec(std::move(plan));

  std::vector<float> src = randomVector(size_t(M * K), 1);
  std::vector<float> w = randomVector(size_t(K * N), 2);
  std::vector<float> bias = randomVector(size_t(N), 3);
  std::vector<float> dst0 = randomVector(size_t(M * N), 4);
  exec.bind("src", src.data());
  fill(exec, "w", w);
  if (hasBias)
    fill(exec, "b", bias);
  fill(exec, "dst", dst0);
  exec.run();

  std::vector<double> want(size_t(M * N));
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k) {
        double s = transSrc ? src[size_t(k * M + m)] : src[size_t(m * K + k)];
        double ww = transW ? w[size_t(n * K + k)] : w[size_t(k * N + n)];
        acc += s * ww;
      }
      if (hasBias)
        acc += bias[size_t(n)];
      if (accumulate)
        acc += dst0[size_t(m * N + n)];
      for (const Activation &a : postOpsFor(postIndex))
        acc = refEltwise(a, acc);
      want[size_t(m * N + n)] = acc;
    }
  EXPECT_TRUE(allClose(exec.data("dst"), want));
}

// A named function: structured bindings inside the macro's arguments would
// split at their commas.
std::string matmulName(const ::testing::TestParamInfo<MatmulParam> &info) {
  auto [ts, tw, b, acc, post] = info.param;
  return std::string(ts ? "Ts" : "S") + (tw ? "Tw" : "W") + (b ? "Bias" : "") +
         (acc ? "Acc" : "") + "Post" + std::to_string(post);
}

INSTANTIATE_TEST_SUITE_P(
    AllVariants, MatmulTest,
    ::testing::Combine(::testing::Bool(), ::testing::Bool(), ::testing::Bool(),
                       ::testing::Bool(), ::testing::Range(0, 6)),
    matmulName);

// (bias, accumulate, post-op index): a 1 x N mul row applied after
// everything else: dst = mul * post_ops(src x W + bias [+ dst]).
using MulParam = std::tuple<bool, bool, int>;

class MatmulMulTest : public ::testing::TestWithParam<MulParam> {};

TEST_P(MatmulMulTest, MultipliesAfterPostOps) {
  auto [hasBias, accumulate, postIndex] = GetParam();
  const int64_t M = 11, K = 29, N = 17;
  Plan plan;
  MatmulStep mm;
  mm.src = plan.addBuffer("src", M, K, Role::External);
  mm.weights = plan.addBuffer("w", K, N, Role::Owned);
  if (hasBias)
    mm.bias = plan.addBuffer("b", 1, N, Role::Owned);
  mm.mul = plan.addBuffer("g", 1, N, Role::Owned);
  mm.dst = plan.addBuffer("dst", M, N, Role::Owned);
  mm.accumulate = accumulate;
  mm.post_ops = postOpsFor(postIndex);
  plan.addStep(mm);
  Executor exec(std::move(plan));

  std::vector<float> src = randomVector(size_t(M * K), 41);
  std::vector<float> w = randomVector(size_t(K * N), 42);
  std::vector<float> bias = randomVector(size_t(N), 43);
  // Gates-like values, with exact zeros and ones among them.
  std::vector<float> mul = randomVector(size_t(N), 44, -1.5f, 1.5f);
  mul[0] = 0.0f;
  mul[1] = 1.0f;
  std::vector<float> dst0 = randomVector(size_t(M * N), 45);
  exec.bind("src", src.data());
  fill(exec, "w", w);
  if (hasBias)
    fill(exec, "b", bias);
  fill(exec, "g", mul);
  fill(exec, "dst", dst0);
  exec.run();

  std::vector<double> want(size_t(M * N));
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k)
        acc += double(src[size_t(m * K + k)]) * w[size_t(k * N + n)];
      if (hasBias)
        acc += bias[size_t(n)];
      if (accumulate)
        acc += dst0[size_t(m * N + n)];
      for (const Activation &a : postOpsFor(postIndex))
        acc = refEltwise(a, acc);
      want[size_t(m * N + n)] = acc * mul[size_t(n)];
    }
  EXPECT_TRUE(allClose(exec.data("dst"), want));
}

std::string mulName(const ::testing::TestParamInfo<MulParam> &info) {
  auto [b, acc, post] = info.param;
  return std::string(b ? "Bias" : "NoBias") + (acc ? "Acc" : "") + "Post" +
         std::to_string(post);
}

// Post-ops: none, relu, swish, and a relu + linear chain.
INSTANTIATE_TEST_SUITE_P(WithAndWithoutBias, MatmulMulTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Bool(),
                                            ::testing::Values(0, 1, 2, 5)),
                         mulName);

// The mul row is a read operand, may be a Temp written earlier, and is
// repointed by bind() like any other operand.
TEST(MatmulMul, AccessValidationAndRebinding) {
  const int64_t M = 3, K = 4, N = 5;
  Plan plan;
  BufferId x = plan.addBuffer("x", M, K, Role::Owned);
  BufferId w = plan.addBuffer("w", K, N, Role::Owned);
  BufferId g = plan.addBuffer("g", 1, N, Role::Owned);
  BufferId y = plan.addBuffer("y", M, N, Role::Owned);
  MatmulStep mm;
  mm.src = x;
  mm.weights = w;
  mm.mul = g;
  mm.dst = y;
  plan.addStep(mm);
  StepAccess a = stepAccess(plan.steps[0]);
  EXPECT_EQ(a.reads, (std::vector<BufferId>{x, w, g}));
  EXPECT_EQ(a.writes, (std::vector<BufferId>{y}));

  Plan bad = plan;
  bad.buffers[size_t(g)].cols = N + 1;
  try {
    Executor exec(std::move(bad));
    ADD_FAILURE() << "a 1x6 mul row over 5 columns was accepted";
  } catch (const PlanError &e) {
    EXPECT_NE(std::string(e.what()).find("mul 'g' is 1x6; expected 1x5"),
              std::string::npos)
        << e.what();
  }

  Executor exec(std::move(plan));
  auto X = randomVector(size_t(M * K), 46), W = randomVector(size_t(K * N), 47);
  fill(exec, "x", X);
  fill(exec, "w", W);
  std::vector<float> other = randomVector(size_t(N), 48);
  exec.bind("g", other.data());
  exec.run();
  std::vector<double> want(size_t(M * N), 0.0);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      for (int64_t k = 0; k < K; ++k)
        want[size_t(m * N + n)] +=
            double(X[size_t(m * K + k)]) * W[size_t(k * N + n)];
      want[size_t(m * N + n)] *= other[size_t(n)];
    }
  EXPECT_TRUE(allClose(exec.data("y"), want));
}

// The backward-pass shapes the lowering emits: dW = X^T dY and dX = dY W^T,
// checked against the forward product's definition.
TEST(MatmulBackward, GradientProductsMatchLoops) {
  const int64_t B = 8, I = 5, O = 3;
  Plan plan;
  BufferId x = plan.addBuffer("x", B, I, Role::Owned);
  BufferId w = plan.addBuffer("w", I, O, Role::Owned);
  BufferId dy = plan.addBuffer("dy", B, O, Role::Owned);
  BufferId dw = plan.addBuffer("dw", I, O, Role::Owned);
  BufferId dx = plan.addBuffer("dx", B, I, Role::Owned);
  MatmulStep gw;
  gw.src = x;
  gw.trans_src = true;
  gw.weights = dy;
  gw.dst = dw;
  plan.addStep(gw);
  MatmulStep gx;
  gx.src = dy;
  gx.weights = w;
  gx.trans_weights = true;
  gx.dst = dx;
  plan.addStep(gx);
  Executor exec(std::move(plan));
  auto X = randomVector(size_t(B * I), 5), W = randomVector(size_t(I * O), 6),
       DY = randomVector(size_t(B * O), 7);
  fill(exec, "x", X);
  fill(exec, "w", W);
  fill(exec, "dy", DY);
  exec.run();
  std::vector<double> wantDw(size_t(I * O), 0.0), wantDx(size_t(B * I), 0.0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t i = 0; i < I; ++i)
      for (int64_t o = 0; o < O; ++o) {
        wantDw[size_t(i * O + o)] +=
            double(X[size_t(b * I + i)]) * DY[size_t(b * O + o)];
        wantDx[size_t(b * I + i)] +=
            double(DY[size_t(b * O + o)]) * W[size_t(i * O + o)];
      }
  EXPECT_TRUE(allClose(exec.data("dw"), wantDw));
  EXPECT_TRUE(allClose(exec.data("dx"), wantDx));
}

} // namespace
} // namespace ofex::exec::test
