//===- ThetaEstimatorTest.cpp - the relaxed theta estimator ---------------===//
//
// A network with one gated unit whose loss is far from linear in the gate
// (so the straight-through slope at xi = 1 is not the unit's effect): over
// many compiled runs with relaxed draws, the relaxed estimate's mean is
// L(xi = 1) - L(xi = 0), computed exactly by the reference interpreter.
//
//===----------------------------------------------------------------------===//

#include "ofex/train/ThetaEstimator.h"

#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;

namespace {

TEST(ThetaEstimator, KeepsOnlyRelaxedDrawsScaledByTheirProbability) {
  const float dxi[5] = {0.4f, -0.2f, 0.3f, 0.5f, -1.0f};
  const float xi[5] = {1.0f, 0.0f, 0.25f, 0.999f, 1e-6f};
  float out[5];
  ofex::train::relaxedThetaGradient(dxi, xi, 5, 0.25, out);
  EXPECT_EQ(out[0], 0.0f); // a Bernoulli 1
  EXPECT_EQ(out[1], 0.0f); // a Bernoulli 0
  EXPECT_FLOAT_EQ(out[2], 1.2f);
  EXPECT_FLOAT_EQ(out[3], 2.0f);
  EXPECT_FLOAT_EQ(out[4], -4.0f);
}

TEST(ThetaEstimator, RelaxedDrawsAverageToTheExactEffect) {
  MLIRContext context;
  context.loadDialect<ofex::OfexDialect, func::FuncDialect>();
  // One gated tanh unit feeding two outputs; the targets sit far from the
  // outputs, so the squared error is strongly curved in the gate.
  const char *ir = R"mlir(
    ofex.network @q(%x: tensor<?x3xf32>) -> tensor<?x2xf32> attributes {role = "learn", family = "q"} {
      %w = ofex.param "l1.w" init("glorot") : tensor<3x1xf32>
      %h = ofex.linear %x, %w : (tensor<?x3xf32>, tensor<3x1xf32>) -> tensor<?x1xf32>
      %a = ofex.act tanh %h : tensor<?x1xf32>
      %t = ofex.theta "l1" : tensor<1xf32>
      %g = ofex.gate sample %a, %t : tensor<?x1xf32>, tensor<1xf32>
      %wo = ofex.param "out.w" init("glorot") : tensor<1x2xf32>
      %y = ofex.linear %g, %wo : (tensor<?x1xf32>, tensor<1x2xf32>) -> tensor<?x2xf32>
      ofex.return %y : tensor<?x2xf32>
    }
    ofex.model @m(%o: tensor<?x3xf32>) {
      %y = ofex.apply @q(%o) : (tensor<?x3xf32>) -> tensor<?x2xf32>
    })mlir";
  auto module = parseSourceString<ModuleOp>(ir, &context);
  ASSERT_TRUE(module);
  auto fwd = ofex::buildChain(*module, {"q"}, "q.forward");
  ASSERT_TRUE(succeeded(fwd));
  const double relax = 0.5;
  int relaxedOps = 0;
  fwd->walk([&](ofex::XiOp xi) {
    xi.setRelaxAttr(FloatAttr::get(Float64Type::get(&context), relax));
    ++relaxedOps;
  });
  ASSERT_EQ(relaxedOps, 1);
  ofex::GradOptions g;
  g.loss = "mse";
  auto grad = ofex::differentiate(*fwd, g, "q.step");
  ASSERT_TRUE(succeeded(grad));
  const int64_t B = 4;
  auto compiled = ofex::compileFunctions(*module, {"q.step"}, B);
  ASSERT_TRUE(compiled);

  ofex::ref::Params params = ofex::ref::initParams(*module, 3);
  params["q.out.w"] = {3.0f, -2.0f};
  ofex::rt::StateStore store;
  for (auto &[key, v] : params)
    store.set(key, v);
  ofex::rt::openAllGates(store, *module);
  ofex::rt::CompiledFunction f(compiled->lookupSymbol<func::FuncOp>("q.step"),
                               store, 17);
  std::vector<float> x = {0.9f,  -0.4f, 0.3f, 0.2f, 0.8f,  -0.7f,
                          -0.5f, 0.6f,  0.1f, 0.7f, -0.9f, 0.4f};
  std::vector<float> y = {-2.0f, 1.5f, 2.5f, -1.0f, -1.5f, 2.0f, 1.0f, -2.5f};
  f.bindArg("input:0", x.data());
  f.bindArg("target", y.data());

  // The exact effect and the straight-through slope at xi = 1, from the
  // interpreter.
  std::vector<ofex::ref::Matrix> args = {{B, 3, {x.begin(), x.end()}},
                                         {B, 2, {y.begin(), y.end()}}};
  auto resultIndex = [&](StringRef name) {
    for (unsigned r = 0; r < grad->getNumResults(); ++r)
      if (grad->getResultAttrOfType<StringAttr>(r, "ofex.result") == name)
        return r;
    ADD_FAILURE() << "no result " << name.str();
    return 0u;
  };
  const unsigned loss = resultIndex("loss"), slope = resultIndex("d:xi:q.l1");
  auto at = [&](double xi) {
    return ofex::ref::evaluateFunction(*grad, params, args, {{"q.l1", {xi}}});
  };
  const double delta = at(1.0)[loss].data[0] - at(0.0)[loss].data[0];
  const double straightThrough = at(1.0)[slope].data[0];

  const int runs = 4000;
  double sum = 0, sumSq = 0;
  int relaxedDraws = 0;
  for (int i = 0; i < runs; ++i) {
    f.run();
    const float drawn = f.result("xi:q.l1")[0];
    ASSERT_TRUE(drawn == 1.0f || (drawn > 0.0f && drawn < 1.0f)) << drawn;
    relaxedDraws += drawn != 1.0f;
    float est;
    ofex::train::relaxedThetaGradient(f.result("d:xi:q.l1"), &drawn, 1, relax,
                                      &est);
    sum += est;
    sumSq += double(est) * est;
  }
  const double mean = sum / runs;
  const double stderr_ = std::sqrt((sumSq / runs - mean * mean) / runs);
  EXPECT_NEAR(relaxedDraws, runs * relax, 4 * std::sqrt(runs * 0.25));
  EXPECT_NEAR(mean, delta, 4 * stderr_)
      << "straight-through " << straightThrough;
  // The case the estimator exists for: the slope at 1 is not the effect.
  EXPECT_GT(std::abs(straightThrough - delta), 20 * stderr_)
      << "delta " << delta << " straight-through " << straightThrough;
}

} // namespace
