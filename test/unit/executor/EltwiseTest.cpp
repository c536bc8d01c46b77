//===- EltwiseTest.cpp - Eltwise forward vs std::, backward vs differences ===//

#include "Reference.h"
#include "TestUtil.h"

#include <string>

namespace ofex::exec::test {
namespace {

struct Case {
  const char *name;
  Activation fn;
  float lo, hi; ///< input range (inside the function's domain)
  bool fromDst; ///< oneDNN can differentiate from the output
};

const Case kCases[] = {
    {"relu", Activation::relu(), -2, 2, true},
    {"leaky_relu", Activation::relu(0.1f), -2, 2, false},
    {"swish", Activation::swish(), -3, 3, false},
    {"swish_beta", Activation::swish(1.7f), -3, 3, false},
    {"tanh", Activation::tanh(), -2, 2, true},
    {"logistic", Activation::logistic(), -4, 4, true},
    {"linear", Activation::linear(-0.7f, 0.3f), -2, 2, false},
    {"square", Activation::square(), -2, 2, false},
    {"exp", Activation::exp(), -2, 2, true},
    {"log", Activation::log(), 0.2f, 3, false},
    {"sqrt", Activation::sqrt(), 0.2f, 3, true},
    {"abs", Activation::abs(), -2, 2, false},
};

class EltwiseTest : public ::testing::TestWithParam<Case> {
protected:
  static constexpr int64_t B = 7, N = 19;

  /// Inputs in [lo, hi] kept 0.05 away from 0, where relu and abs have a
  /// kink that finite differences would straddle.
  static std::vector<float> inputs(const Case &c, uint64_t seed) {
    std::vector<float> x = randomVector(size_t(B * N), seed, c.lo, c.hi);
    for (float &v : x)
      if (std::fabs(v) < 0.05f)
        v = v < 0 ? -0.05f : 0.05f;
    return x;
  }
};

TEST_P(EltwiseTest, ForwardMatchesReference) {
  const Case &c = GetParam();
  Plan plan;
  BufferId x = plan.addBuffer("x", B, N, Role::External);
  BufferId y = plan.addBuffer("y", B, N, Role::Owned);
  plan.addStep(EltwiseStep{c.fn, x, y});
  Executor exec(std::move(plan));
  std::vector<float> in = inputs(c, 11);
  exec.bind("x", in.data());
  exec.run();
  std::vector<double> want(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    want[i] = refEltwise(c.fn, in[i]);
  EXPECT_TRUE(allClose(exec.data("y"), want));
}

TEST_P(EltwiseTest, InPlaceForwardMatchesReference) {
  const Case &c = GetParam();
  Plan plan;
  BufferId x = plan.addBuffer("x", B, N, Role::Owned);
  plan.addStep(EltwiseStep{c.fn, x, x});
  Executor exec(std::move(plan));
  std::vector<float> in = inputs(c, 12);
  fill(exec, "x", in);
  exec.run();
  std::vector<double> want(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    want[i] = refEltwise(c.fn, in[i]);
  EXPECT_TRUE(allClose(exec.data("x"), want));
}

/// Runs forward then backward in one plan, so the from-dst variant gets the
/// forward's own output: dx = f'(x) * dy.
std::vector<float> backward(const Case &c, bool fromDst,
                            const std::vector<float> &x,
                            const std::vector<float> &dy, int64_t rows,
                            int64_t cols) {
  Plan plan;
  BufferId xb = plan.addBuffer("x", rows, cols, Role::External);
  BufferId yb = plan.addBuffer("y", rows, cols, Role::Temp);
  BufferId dyb = plan.addBuffer("dy", rows, cols, Role::External);
  BufferId dxb = plan.addBuffer("dx", rows, cols, Role::Owned);
  plan.addStep(EltwiseStep{c.fn, xb, yb});
  EltwiseBackwardStep bw;
  bw.fn = c.fn;
  bw.from_dst = fromDst;
  bw.data = fromDst ? yb : xb;
  bw.diff_dst = dyb;
  bw.diff_src = dxb;
  plan.addStep(bw);
  Executor exec(std::move(plan));
  std::vector<float> xc = x, dyc = dy;
  exec.bind("x", xc.data());
  exec.bind("dy", dyc.data());
  exec.run();
  const float *dx = exec.data("dx");
  return std::vector<float>(dx, dx + rows * cols);
}

TEST_P(EltwiseTest, BackwardMatchesFiniteDifferencesOfForward) {
  const Case &c = GetParam();
  std::vector<float> x = inputs(c, 13);
  std::vector<float> dy = randomVector(x.size(), 14);
  // Central differences of the executor's own forward, in fp32: h balances
  // truncation (h^2) against rounding (eps / h).
  const float h = 1e-2f;
  Plan plan;
  BufferId xb = plan.addBuffer("x", B, N, Role::External);
  BufferId yb = plan.addBuffer("y", B, N, Role::Owned);
  plan.addStep(EltwiseStep{c.fn, xb, yb});
  Executor fwd(std::move(plan));
  auto forwardAt = [&](float shift) {
    std::vector<float> xs = x;
    for (float &v : xs)
      v += shift;
    fwd.bind("x", xs.data());
    fwd.run();
    const float *y = fwd.data("y");
    return std::vector<double>(y, y + x.size());
  };
  std::vector<double> up = forwardAt(h), down = forwardAt(-h);
  std::vector<double> want(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    want[i] = (up[i] - down[i]) / (2.0 * double(h)) * dy[i];

  std::vector<float> got = backward(c, false, x, dy, B, N);
  EXPECT_TRUE(allClose(got.data(), want, 2e-3)) << "from src";
  if (c.fromDst) {
    got = backward(c, true, x, dy, B, N);
    EXPECT_TRUE(allClose(got.data(), want, 2e-3)) << "from dst";
  }
}

TEST_P(EltwiseTest, BackwardMatchesClosedForm) {
  const Case &c = GetParam();
  std::vector<float> x = inputs(c, 15);
  std::vector<float> dy = randomVector(x.size(), 16);
  std::vector<double> want(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    want[i] = refEltwiseGrad(c.fn, x[i]) * dy[i];
  std::vector<float> got = backward(c, false, x, dy, B, N);
  EXPECT_TRUE(allClose(got.data(), want)) << "from src";
  if (c.fromDst) {
    got = backward(c, true, x, dy, B, N);
    EXPECT_TRUE(allClose(got.data(), want)) << "from dst";
  }
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, EltwiseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case> &info) {
                           return std::string(info.param.name);
                         });

TEST(EltwiseBackward, SwishFromDstIsRejected) {
  Plan plan;
  BufferId y = plan.addBuffer("y", 2, 3, Role::Owned);
  BufferId dy = plan.addBuffer("dy", 2, 3, Role::Owned);
  BufferId dx = plan.addBuffer("dx", 2, 3, Role::Owned);
  EltwiseBackwardStep bw;
  bw.fn = Activation::swish();
  bw.from_dst = true;
  bw.data = y;
  bw.diff_dst = dy;
  bw.diff_src = dx;
  plan.addStep(bw);
  try {
    Executor exec(std::move(plan));
    FAIL() << "expected PlanError";
  } catch (const PlanError &e) {
    EXPECT_NE(std::string(e.what()).find("step 0 (eltwise_backward)"),
              std::string::npos)
        << e.what();
  }
}

} // namespace
} // namespace ofex::exec::test
