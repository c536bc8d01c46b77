//===- MlpTrainingTest.cpp - End to end: an MLP learns a regression -------===//

#include "Reference.h"
#include "TestUtil.h"

#include "ofex/exec/MlpPlan.h"

#include <cmath>
#include <string>

namespace ofex::exec::test {
namespace {

constexpr int64_t kBatch = 128, kIn = 4;

/// A fixed smooth target of four inputs.
void makeData(std::vector<float> &x, std::vector<float> &y) {
  x = randomVector(size_t(kBatch * kIn), 100);
  y.resize(size_t(kBatch));
  for (int64_t b = 0; b < kBatch; ++b) {
    const float *r = &x[size_t(b * kIn)];
    y[size_t(b)] = std::sin(2 * r[0]) + r[1] * r[2] - 0.5f * r[3] * r[3];
  }
}

/// mean((mlp(x) - y)^2) with the executor's current parameters, in double.
double referenceLoss(Executor &exec, const MlpPlanOptions &o,
                     const std::vector<float> &x, const std::vector<float> &y) {
  double loss = 0;
  for (int64_t b = 0; b < o.batch; ++b) {
    std::vector<double> h(&x[size_t(b * kIn)], &x[size_t(b * kIn)] + kIn);
    for (size_t l = 1; l < o.widths.size(); ++l) {
      const float *W = exec.data("W" + std::to_string(l));
      const float *bias = exec.data("b" + std::to_string(l));
      int64_t in = o.widths[l - 1], out = o.widths[l];
      std::vector<double> next(static_cast<size_t>(out));
      for (int64_t j = 0; j < out; ++j) {
        double acc = bias[j];
        for (int64_t i = 0; i < in; ++i)
          acc += h[size_t(i)] * W[i * out + j];
        next[size_t(j)] =
            l + 1 < o.widths.size() ? refEltwise(o.hidden, acc) : acc;
      }
      h = next;
    }
    double d = h[0] - y[size_t(b)];
    loss += d * d;
  }
  return loss / double(o.batch);
}

class MlpTraining : public ::testing::TestWithParam<Activation> {};

TEST_P(MlpTraining, LossDropsTenfold) {
  MlpPlanOptions o;
  o.widths = {kIn, 32, 32, 1};
  o.batch = kBatch;
  o.hidden = GetParam();
  o.lr = 1e-2;
  Executor exec(buildMlpTrainingPlan(o));
  initMlpParameters(exec, o, 3);
  std::vector<float> x, y;
  makeData(x, y);
  exec.bind("x", x.data());
  exec.bind("y", y.data());

  double before = referenceLoss(exec, o, x, y);
  exec.run(); // reports the loss of the parameters it started from
  double first = exec.data("loss")[0];
  EXPECT_NEAR(first, before, 1e-5 * before);
  EXPECT_NE(referenceLoss(exec, o, x, y), before) << "Adam changed nothing";

  double last = first;
  for (int it = 1; it < 1500; ++it) {
    exec.run();
    last = exec.data("loss")[0];
    ASSERT_TRUE(std::isfinite(last)) << "iteration " << it;
  }
  EXPECT_LT(last, first / 10) << "first " << first << ", last " << last;
  // The trained parameters fit by the reference forward too, not only by the
  // plan's own loss computation.
  EXPECT_LT(referenceLoss(exec, o, x, y), first / 10);
  EXPECT_EQ(exec.adamStep(), 1500);
  // Gradient Temps and activations share storage.
  EXPECT_LT(exec.storage().temp_bytes, exec.storage().temp_bytes_no_reuse);
}

std::string activationName(const ::testing::TestParamInfo<Activation> &info) {
  switch (info.param.alg) {
  case EltwiseAlg::Relu:
    return "Relu";
  case EltwiseAlg::Tanh:
    return "Tanh";
  case EltwiseAlg::Swish:
    return "Swish";
  default:
    return "Other" + std::to_string(info.index);
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, MlpTraining,
                         ::testing::Values(Activation::relu(),
                                           Activation::tanh(),
                                           Activation::swish()),
                         activationName);

} // namespace
} // namespace ofex::exec::test
