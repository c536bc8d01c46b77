//===- CompiledTest.cpp - compiled training graphs on the executor --------===//
//
// The whole path: preset -> chain -> gradient -> Adam -> lower-ofex-to-dnnl
// -> executor plan -> run, checked against the reference interpreter and on
// a regression task it must learn.
//
//===----------------------------------------------------------------------===//

#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/rt/CompiledFunction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

using namespace mlir;

namespace {

OwningOpRef<ModuleOp> preset(MLIRContext &context, const char *name,
                             const char *task, const char *norm,
                             const char *act = "relu") {
  ofex::PresetOptions o;
  o.preset = name;
  o.task = *ofex::lookupTask(task);
  o.norm = norm;
  o.ofeLayers = 2;
  o.ofeUnits = 8;
  o.hidden = 32;
  o.sacAct = act;
  std::string error;
  auto module = ofex::buildPreset(context, o, error);
  EXPECT_TRUE(module) << error;
  return module;
}

std::vector<float> randomData(size_t n, std::mt19937 &rng) {
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}

ofex::ref::Matrix matrix(const std::vector<float> &v, int64_t rows) {
  return {rows, int64_t(v.size()) / rows, {v.begin(), v.end()}};
}

/// The compiled forward pass equals the reference interpreter's.
void checkForward(ModuleOp module, const std::vector<std::string> &chain,
                  int64_t batch) {
  std::string name = chain.front() + ".forward";
  auto fwd = ofex::buildChain(module, chain, name);
  ASSERT_TRUE(succeeded(fwd));
  auto compiled = ofex::compileFunctions(module, {name}, batch);
  ASSERT_TRUE(compiled);
  auto lowered = compiled->lookupSymbol<func::FuncOp>(name);

  ofex::ref::Params params = ofex::ref::initParams(module, 9);
  std::mt19937 rng(4);
  ofex::rt::StateStore store;
  for (auto &[name, v] : params) {
    for (float &x : v) // non-zero biases and shifts
      x += 0.1f * randomData(1, rng)[0];
    store.set(name, v);
  }
  ofex::rt::openAllGates(store, module); // theta 1: every gate open
  ofex::rt::CompiledFunction f(lowered, store);
  std::vector<std::vector<float>> inputs;
  std::vector<ofex::ref::Matrix> refInputs;
  for (Type t : fwd->getArgumentTypes()) {
    inputs.push_back(randomData(batch * ofex::unitsOf(t), rng));
    refInputs.push_back(matrix(inputs.back(), batch));
  }
  for (size_t i = 0; i < inputs.size(); ++i)
    f.bindArg("input:" + std::to_string(i), inputs[i].data());
  f.run();
  auto expected = ofex::ref::evaluateFunction(*fwd, params, refInputs);
  for (size_t r = 0; r < expected.size(); ++r) {
    std::string name = "output:" + std::to_string(r);
    ASSERT_EQ(f.resultSize(name), int64_t(expected[r].data.size()));
    const float *got = f.result(name);
    for (size_t k = 0; k < expected[r].data.size(); ++k)
      EXPECT_NEAR(got[k], expected[r].data[k],
                  1e-5 * std::max(1.0, std::abs(expected[r].data[k])))
          << name << "[" << k << "]";
  }
}

TEST(Compiled, ForwardEqualsReference) {
  MLIRContext context;
  auto sac = preset(context, "sac", "Hopper", "none");
  checkForward(*sac, {"q1"}, 16);
  checkForward(*sac, {"pi"}, 16);
  auto sacSwish = preset(context, "sac", "Walker2d", "none", "swish");
  checkForward(*sacSwish, {"pi"}, 8);
}

TEST(Compiled, ForwardWithNormalizationEqualsReference) {
  MLIRContext context;
  for (const char *norm : {"batch", "layer"}) {
    auto ofe = preset(context, "ofe-sac", "HalfCheetah", norm);
    checkForward(*ofe, {"phi_o", "phi_oa", "aux"}, 16);
  }
}

/// Every result of a compiled gradient function (loss, outputs, gradients
/// of inputs, params and gate values) equals the reference interpreter's.
void checkGradient(ModuleOp module, const std::vector<std::string> &chain,
                   const std::string &loss, int64_t batch,
                   bool twinMin = false) {
  std::string name = chain.front() + "." + loss + (twinMin ? ".min" : "");
  auto fwd = ofex::buildChain(module, chain, name + ".forward");
  ASSERT_TRUE(succeeded(fwd));
  ofex::GradOptions g;
  g.loss = loss;
  auto grad = twinMin // the policy update's min(Q1, Q2) and dQmin/da
                  ? ofex::differentiateTwinMinimum(*fwd, name + ".grad")
                  : ofex::differentiate(*fwd, g, name + ".grad");
  ASSERT_TRUE(succeeded(grad));
  auto compiled = ofex::compileFunctions(module, {name + ".grad"}, batch);
  ASSERT_TRUE(compiled);
  auto lowered = compiled->lookupSymbol<func::FuncOp>(name + ".grad");

  ofex::ref::Params params = ofex::ref::initParams(module, 2);
  std::mt19937 rng(8);
  ofex::rt::StateStore store;
  for (auto &[key, v] : params) {
    for (float &x : v)
      x += 0.1f * randomData(1, rng)[0];
    store.set(key, v);
  }
  ofex::rt::openAllGates(store, module); // theta 1: every gate open
  ofex::rt::CompiledFunction f(lowered, store);
  std::vector<std::vector<float>> args;
  std::vector<ofex::ref::Matrix> refArgs;
  for (Type t : grad->getArgumentTypes()) {
    args.push_back(randomData(batch * ofex::unitsOf(t), rng));
    refArgs.push_back(matrix(args.back(), batch));
  }
  for (size_t i = 0; i < args.size(); ++i)
    f.bindArg(grad->getArgAttrOfType<StringAttr>(i, "ofex.arg").str(),
              args[i].data());
  f.run();
  auto expected = ofex::ref::evaluateFunction(*grad, params, refArgs);
  for (size_t r = 0; r < expected.size(); ++r) {
    std::string res =
        grad->getResultAttrOfType<StringAttr>(r, "ofex.result").str();
    ASSERT_EQ(f.resultSize(res), int64_t(expected[r].data.size())) << res;
    const float *got = f.result(res);
    double scale =
        1e-2; // floor: gradients that are exactly 0 (a bias before a norm)
    for (double v : expected[r].data)
      scale = std::max(scale, std::abs(v));
    for (size_t k = 0; k < expected[r].data.size(); ++k)
      EXPECT_NEAR(got[k], expected[r].data[k], 2e-5 * scale)
          << chain.front() << " " << res << "[" << k << "]";
  }
}

TEST(Compiled, GradientsEqualReference) {
  MLIRContext context;
  auto sac = preset(context, "sac", "Hopper", "none");
  checkGradient(*sac, {"q1"}, "mse", 16);
  checkGradient(*sac, {"pi"}, "none", 16);
  checkGradient(*sac, {"q1", "q2"}, "none", 16);
  checkGradient(*sac, {"q1", "q2"}, "none", 16, /*twinMin=*/true);
  auto swish = preset(context, "sac", "Ant", "none", "swish");
  checkGradient(*swish, {"pi"}, "none", 8);
  for (const char *norm : {"none", "layer", "batch"}) {
    auto ofe = preset(context, "ofe-sac", "HalfCheetah", norm);
    checkGradient(*ofe, {"phi_o", "phi_oa", "aux"}, "mse", 16);
    checkGradient(*ofe, {"phi_oa", "q1", "q2"}, "none", 16);
    checkGradient(*ofe, {"phi_oa", "q1", "q2"}, "none", 16, /*twinMin=*/true);
  }
}

/// A critic-shaped network learns y = sin(2 x0) + x1 x2 - 0.5 a on a fixed
/// set of 256 samples: the compiled training step (forward, MSE, backward,
/// Adam) must cut the loss by 10x.
TEST(Compiled, TrainingStepLearnsARegressionTask) {
  MLIRContext context;
  auto module = preset(context, "sac", "InvertedPendulum", "none", "tanh");
  auto fwd = ofex::buildChain(*module, {"q1"}, "q.forward");
  ASSERT_TRUE(succeeded(fwd));
  ofex::GradOptions g;
  g.loss = "mse";
  auto grad = ofex::differentiate(*fwd, g, "q.step");
  ASSERT_TRUE(succeeded(grad));
  ofex::appendAdamUpdates(*grad, {3e-3, 0.9, 0.999, 1e-8});
  const int64_t batch = 256;
  auto compiled = ofex::compileFunctions(*module, {"q.step"}, batch);
  ASSERT_TRUE(compiled);

  ofex::rt::StateStore store;
  for (auto &[name, v] : ofex::ref::initParams(*module, 1))
    store.set(name, v);
  ofex::rt::openAllGates(store, *module); // theta 1: every gate open
  ofex::rt::CompiledFunction step(
      compiled->lookupSymbol<func::FuncOp>("q.step"), store);
  std::mt19937 rng(7);
  std::vector<float> obs = randomData(batch * 4, rng);
  std::vector<float> act = randomData(batch * 1, rng);
  std::vector<float> y(batch);
  for (int64_t r = 0; r < batch; ++r)
    y[r] = std::sin(2 * obs[r * 4]) + obs[r * 4 + 1] * obs[r * 4 + 2] -
           0.5f * act[r];
  step.bindArg("input:0", obs.data());
  step.bindArg("input:1", act.data());
  step.bindArg("target", y.data());
  step.run();
  float first = *step.result("loss");
  float last = first;
  for (int i = 0; i < 600; ++i) {
    step.run();
    last = *step.result("loss");
    ASSERT_TRUE(std::isfinite(last));
  }
  EXPECT_LT(last, first / 10) << "loss " << first << " -> " << last;
}

/// Copy elision (views instead of the DenseNet's concats and slices, adds
/// folded into matmuls) must not change what a function computes: the OFENet
/// update's gradients and the policy update's min(Q1, Q2) gradient at the
/// reference size (8 layers of 30 units, batch 256), with and without it.
TEST(Compiled, CopyElisionKeepsResults) {
  MLIRContext context;
  ofex::PresetOptions o;
  o.preset = "ofe-sac";
  o.task = *ofex::lookupTask("HalfCheetah");
  o.norm = "batch";
  std::string error;
  auto module = ofex::buildPreset(context, o, error);
  ASSERT_TRUE(module) << error;
  struct Case {
    std::vector<std::string> chain;
    const char *loss;
    bool twinMin;
  };
  const int64_t batch = 256;
  for (const Case &c : {Case{{"phi_o", "phi_oa", "aux"}, "mse", false},
                        Case{{"phi_oa", "q1", "q2"}, "none", true}}) {
    std::string name = c.chain.front() + (c.twinMin ? ".min" : ".mse");
    auto fwd = ofex::buildChain(*module, c.chain, name + ".forward");
    ASSERT_TRUE(succeeded(fwd));
    ofex::GradOptions g;
    g.loss = c.loss;
    auto grad = c.twinMin ? ofex::differentiateTwinMinimum(*fwd, name)
                          : ofex::differentiate(*fwd, g, name);
    ASSERT_TRUE(succeeded(grad));
    auto compiled = ofex::compileFunctions(*module, {name}, batch);
    ASSERT_TRUE(compiled);
    ofex::exec::Plan plan =
        ofex::rt::buildPlan(compiled->lookupSymbol<func::FuncOp>(name));

    std::mt19937 rng(11);
    ofex::rt::StateStore store;
    for (auto &[key, v] : ofex::ref::initParams(*module, 5))
      store.set(key, v);
    ofex::rt::openAllGates(store, *module);
    std::vector<std::vector<float>> args;
    std::vector<std::unique_ptr<ofex::exec::Executor>> ex;
    for (bool elide : {false, true}) {
      ofex::exec::ExecutorOptions eo;
      eo.elide_copies = elide;
      ex.push_back(std::make_unique<ofex::exec::Executor>(plan, eo));
    }
    for (size_t b = 0; b < plan.buffers.size(); ++b) {
      const ofex::exec::Buffer &buf = plan.buffers[b];
      if (buf.role == ofex::exec::Role::External) {
        args.push_back(randomData(size_t(buf.elements()), rng));
        for (auto &e : ex)
          e->bind(buf.name, args.back().data());
      } else if (buf.role == ofex::exec::Role::Owned &&
                 buf.name.rfind("result:", 0) != 0) {
        float *state = store.get(buf.name, size_t(buf.elements())).data();
        for (auto &e : ex)
          std::copy_n(state, buf.elements(), e->data(buf.name));
      }
    }
    for (auto &e : ex)
      e->run();
    // The rewrite happened: the DenseNet's copies became views.
    EXPECT_LT(ex[1]->plan().steps.size(), plan.steps.size()) << name;
    int results = 0;
    for (const ofex::exec::Buffer &buf : plan.buffers) {
      if (buf.name.rfind("result:", 0) != 0)
        continue;
      ++results;
      const float *a = ex[0]->data(buf.name), *b = ex[1]->data(buf.name);
      double scale = 1e-3;
      for (int64_t k = 0; k < buf.elements(); ++k)
        scale = std::max(scale, double(std::abs(a[k])));
      for (int64_t k = 0; k < buf.elements(); ++k)
        ASSERT_NEAR(a[k], b[k], 1e-4 * scale)
            << name << " " << buf.name << "[" << k << "]";
    }
    EXPECT_GT(results, 3) << name;
  }
}

} // namespace
