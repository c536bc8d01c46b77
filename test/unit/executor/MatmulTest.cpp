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
