//===- CompiledTest.cpp - compiled training graphs on the executor --------===//
//
// The whole path: preset -> chain -> gradient -> Adam -> lower-ofex-to-dnnl
// -> executor plan -> run, checked against the reference interpreter and on
// a regression task it must learn.
//
//===----------------------------------------------------------------------===//

#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/RunningStats.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

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

/// Params (and running statistics) near their initial values, with
/// running variances kept positive.
ofex::ref::Params perturbedParams(ModuleOp module, unsigned seed,
                                  std::mt19937 &rng) {
  ofex::ref::Params params = ofex::ref::initParams(module, seed);
  module.walk([&](ofex::StatOp stat) {
    for (float &x : params[ofex::statKey(stat)])
      x = stat.getInit() == ofex::InitKind::ones
              ? 0.5f + std::abs(randomData(1, rng)[0])
              : randomData(1, rng)[0];
  });
  return params;
}

/// The compiled forward pass equals the reference interpreter's; with
/// `running`, batch norms normalise with their running statistics.
void checkForward(ModuleOp module, const std::vector<std::string> &chain,
                  int64_t batch, bool running = false) {
  std::string name;
  for (const std::string &n : chain)
    name += n + ".";
  name += running ? "eval.forward" : "forward";
  auto fwd = ofex::buildChain(module, chain, name);
  ASSERT_TRUE(succeeded(fwd));
  if (running)
    EXPECT_GT(ofex::useRunningStats(*fwd), 0u);
  auto compiled = ofex::compileFunctions(module, {name}, batch);
  ASSERT_TRUE(compiled);
  auto lowered = compiled->lookupSymbol<func::FuncOp>(name);

  std::mt19937 rng(4);
  ofex::ref::Params params = perturbedParams(module, 9, rng);
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
  // Evaluation mode: running statistics, also for a batch of one.
  auto ofe = preset(context, "ofe-sac", "HalfCheetah", "batch");
  checkForward(*ofe, {"phi_o", "phi_oa", "aux"}, 16, /*running=*/true);
  checkForward(*ofe, {"phi_o", "pi"}, 1, /*running=*/true);
}

/// Every result of a compiled gradient function (loss, outputs, gradients
/// of inputs, params and gate values) equals the reference interpreter's.
void checkGradient(ModuleOp module, const std::vector<std::string> &chain,
                   const std::string &loss, int64_t batch, bool twinMin = false,
                   bool running = false) {
  std::string name = chain.front() + "." + loss + (twinMin ? ".min" : "") +
                     (running ? ".eval" : "");
  auto fwd = ofex::buildChain(module, chain, name + ".forward");
  ASSERT_TRUE(succeeded(fwd));
  if (running)
    EXPECT_GT(ofex::useRunningStats(*fwd), 0u);
  ofex::GradOptions g;
  g.loss = loss;
  auto grad = twinMin // the policy update's min(Q1, Q2) and dQmin/da
                  ? ofex::differentiateTwinMinimum(*fwd, name + ".grad")
                  : ofex::differentiate(*fwd, g, name + ".grad");
  ASSERT_TRUE(succeeded(grad));
  auto compiled = ofex::compileFunctions(module, {name + ".grad"}, batch);
  ASSERT_TRUE(compiled);
  auto lowered = compiled->lookupSymbol<func::FuncOp>(name + ".grad");

  std::mt19937 rng(8);
  ofex::ref::Params params = perturbedParams(module, 2, rng);
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
  // The policy update's dQmin/da through phi_oa in evaluation mode, as the
  // agent runs it.
  auto ofe = preset(context, "ofe-sac", "HalfCheetah", "batch");
  checkGradient(*ofe, {"phi_oa", "q1", "q2"}, "none", 16, /*twinMin=*/true,
                /*running=*/true);
  checkGradient(*ofe, {"phi_o", "phi_oa", "aux"}, "mse", 16, false, true);
}

/// A gradient with a saved forward pass (`<name>.fwd`, then the gradient
/// reading its saved values) equals the gradient that recomputes the forward
/// pass, and the forward's outputs equal the recomputing gradient's.
void checkSavedForward(ModuleOp module, const std::vector<std::string> &chain,
                       const std::string &loss, int64_t batch,
                       const std::string &tag, bool running = false) {
  std::string name = tag + ".chain";
  auto fwd = ofex::buildChain(module, chain, name);
  ASSERT_TRUE(succeeded(fwd));
  if (running)
    EXPECT_GT(ofex::useRunningStats(*fwd), 0u);
  ofex::GradOptions g;
  g.loss = loss;
  g.inputGrads = false;
  auto whole = ofex::differentiate(*fwd, g, tag + ".whole");
  ASSERT_TRUE(succeeded(whole));
  g.savedForward = tag + ".fwd";
  auto split = ofex::differentiate(*fwd, g, tag + ".bwd");
  ASSERT_TRUE(succeeded(split));
  {
    // The name is now taken: a second split is refused, not half-built.
    ScopedDiagnosticHandler quiet(module.getContext(),
                                  [](Diagnostic &) { return success(); });
    EXPECT_TRUE(failed(ofex::differentiate(*fwd, g, tag + ".again")));
    EXPECT_FALSE(module.lookupSymbol(tag + ".again"));
  }
  auto compiled = ofex::compileFunctions(
      module, {tag + ".whole", tag + ".fwd", tag + ".bwd"}, batch);
  ASSERT_TRUE(compiled);

  std::mt19937 rng(3);
  ofex::ref::Params params = perturbedParams(module, 4, rng);
  ofex::rt::StateStore store;
  for (auto &[key, v] : params)
    store.set(key, v);
  ofex::rt::openAllGates(store, module);
  auto fn = [&](const std::string &n) {
    return std::make_unique<ofex::rt::CompiledFunction>(
        compiled->lookupSymbol<func::FuncOp>(n), store);
  };
  auto wholeF = fn(tag + ".whole"), fwdF = fn(tag + ".fwd"),
       bwdF = fn(tag + ".bwd");
  std::vector<std::vector<float>> args;
  for (auto [i, t] : llvm::enumerate(whole->getArgumentTypes())) {
    args.push_back(randomData(batch * ofex::unitsOf(t), rng));
    std::string arg = whole->getArgAttrOfType<StringAttr>(i, "ofex.arg").str();
    wholeF->bindArg(arg, args.back().data());
    bwdF->bindArg(arg, args.back().data());
    if (arg.rfind("input:", 0) == 0)
      fwdF->bindArg(arg, args.back().data());
  }
  wholeF->run();
  fwdF->run();
  int saved = 0;
  for (const std::string &r : fwdF->resultNames())
    if (r.rfind("saved:", 0) == 0) {
      bwdF->bindArg(r, const_cast<float *>(fwdF->result(r)));
      ++saved;
    }
  EXPECT_GE(saved, 2) << tag;
  bwdF->run();
  auto same = [&](ofex::rt::CompiledFunction &a, ofex::rt::CompiledFunction &b,
                  const std::string &r) {
    ASSERT_EQ(a.resultSize(r), b.resultSize(r)) << tag << " " << r;
    double scale = 1e-2;
    for (int64_t k = 0; k < a.resultSize(r); ++k)
      scale = std::max(scale, double(std::abs(a.result(r)[k])));
    for (int64_t k = 0; k < a.resultSize(r); ++k)
      EXPECT_NEAR(a.result(r)[k], b.result(r)[k], 2e-5 * scale)
          << tag << " " << r << "[" << k << "]";
  };
  int outputs = 0, grads = 0;
  for (const std::string &r : fwdF->resultNames())
    if (r.rfind("output:", 0) == 0) {
      if (loss == "none")
        same(*wholeF, *fwdF, r);
      ++outputs;
    }
  for (const std::string &r : bwdF->resultNames()) {
    EXPECT_NE(r.rfind("output:", 0), 0u) << r;
    same(*wholeF, *bwdF, r);
    ++grads;
  }
  EXPECT_GT(grads, 2) << tag;
  EXPECT_EQ(grads + (loss == "none" ? outputs : 0),
            int(wholeF->resultNames().size()))
      << tag;
}

TEST(Compiled, SavedForwardEqualsRecomputedForward) {
  MLIRContext context;
  // The policy update's pi (relu and swish layers, gates).
  for (const char *act : {"relu", "swish"}) {
    auto module = preset(context, "ofe-sac", "Hopper", "layer", act);
    checkSavedForward(*module, {"pi"}, "none", 16, std::string("pi.") + act);
  }
  // Normalizations are repeated in the gradient (their adjoint needs the
  // statistics): the OFENet update under both norms, and evaluation mode.
  for (const char *norm : {"layer", "batch"}) {
    auto module = preset(context, "ofe-sac", "HalfCheetah", norm);
    checkSavedForward(*module, {"phi_o", "phi_oa", "aux"}, "mse", 16,
                      std::string("ofe.") + norm);
  }
  auto module = preset(context, "ofe-sac", "HalfCheetah", "batch");
  checkSavedForward(*module, {"phi_oa", "q1"}, "none", 16, "qa",
                    /*running=*/true);
}

/// A training step moves the running statistics of each batch norm towards
/// the statistics of its input batch, h = x W + b, and leaves the step's
/// outputs as they were (they use the batch's statistics).
TEST(Compiled, TrainingUpdatesRunningStatistics) {
  MLIRContext context;
  context.getOrLoadDialect<ofex::OfexDialect>();
  const char *ir = R"mlir(
    ofex.network @enc(%x: tensor<?x3xf32>) -> tensor<?x1xf32>
        attributes {role = "deploy", family = "ofe"} {
      %w = ofex.param "l1.w" init("glorot") : tensor<3x5xf32>
      %b = ofex.param "l1.b" init("zeros") : tensor<5xf32>
      %h = ofex.linear %x, %w, %b : (tensor<?x3xf32>, tensor<3x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
      %s = ofex.param "l1.gamma" init("ones") : tensor<5xf32>
      %t = ofex.param "l1.beta" init("zeros") : tensor<5xf32>
      %m = ofex.stat "l1.mean" init("zeros") : tensor<5xf32>
      %v = ofex.stat "l1.var" init("ones") : tensor<5xf32>
      %n = ofex.norm batch %h, %s, %t running(%m, %v : tensor<5xf32>, tensor<5xf32>) : tensor<?x5xf32>, tensor<5xf32>
      %a = ofex.act swish %n : tensor<?x5xf32>
      %wo = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
      %y = ofex.linear %a, %wo : (tensor<?x5xf32>, tensor<5x1xf32>) -> tensor<?x1xf32>
      ofex.return %y : tensor<?x1xf32>
    }
    ofex.model @m(%o: tensor<?x3xf32>) {
      %y = ofex.apply @enc(%o) : (tensor<?x3xf32>) -> tensor<?x1xf32>
    })mlir";
  auto module = parseSourceString<ModuleOp>(ir, &context);
  ASSERT_TRUE(module);
  auto fwd = ofex::buildChain(*module, {"enc"}, "enc.forward");
  ASSERT_TRUE(succeeded(fwd));
  ofex::GradOptions g;
  g.loss = "mse";
  auto grad = ofex::differentiate(*fwd, g, "enc.step");
  ASSERT_TRUE(succeeded(grad));
  const double momentum = 0.2;
  auto added = ofex::appendRunningStatUpdates(*grad, momentum);
  ASSERT_TRUE(succeeded(added));
  EXPECT_EQ(*added, 1u);
  const int64_t B = 8;
  auto compiled = ofex::compileFunctions(*module, {"enc.step"}, B);
  ASSERT_TRUE(compiled);

  std::mt19937 rng(5);
  ofex::ref::Params params = perturbedParams(*module, 3, rng);
  ofex::rt::StateStore store;
  for (auto &[key, v] : params)
    store.set(key, v);
  ofex::rt::CompiledFunction f(compiled->lookupSymbol<func::FuncOp>("enc.step"),
                               store);
  std::vector<double> mean(params.at("enc.l1.mean").begin(),
                           params.at("enc.l1.mean").end());
  std::vector<double> var(params.at("enc.l1.var").begin(),
                          params.at("enc.l1.var").end());
  const std::vector<float> &w = params.at("enc.l1.w");
  const std::vector<float> &bias = params.at("enc.l1.b");
  for (int run = 0; run < 3; ++run) {
    std::vector<float> x = randomData(B * 3, rng), y = randomData(B, rng);
    f.bindArg("input:0", x.data());
    f.bindArg("target", y.data());
    f.run();
    auto expected = ofex::ref::evaluateFunction(*grad, params,
                                                {matrix(x, B), matrix(y, B)});
    EXPECT_NEAR(*f.result("loss"), expected[0].data[0],
                1e-5 * std::max(1.0, expected[0].data[0]));
    for (int64_t j = 0; j < 5; ++j) {
      std::vector<double> h(B);
      for (int64_t r = 0; r < B; ++r) {
        h[r] = bias[j];
        for (int64_t i = 0; i < 3; ++i)
          h[r] += double(x[r * 3 + i]) * w[i * 5 + j];
      }
      double m = 0, v = 0;
      for (double e : h)
        m += e / B;
      for (double e : h)
        v += (e - m) * (e - m) / (B - 1);
      mean[j] = (1 - momentum) * mean[j] + momentum * m;
      var[j] = (1 - momentum) * var[j] + momentum * v;
      EXPECT_NEAR(store.at("enc.l1.mean")[j], mean[j], 1e-5) << run;
      EXPECT_NEAR(store.at("enc.l1.var")[j], var[j], 1e-5 * var[j]) << run;
    }
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
