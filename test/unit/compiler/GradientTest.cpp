//===- GradientTest.cpp - reverse mode against finite differences ---------===//
//
// Every gradient the differentiation generates is checked against central
// finite differences of the reference interpreter (double precision), for
// whole presets and every op they contain, with gate values fixed (and not
// 0 or 1, so that dL/dxi is exercised in full).
//
//===----------------------------------------------------------------------===//

#include "ofex/OfexOps.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/RunningStats.h"

#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;
using ofex::ref::Matrix;

namespace {

struct Case {
  const char *preset, *task, *norm;
  std::vector<std::string> chain;
  const char *loss;
  bool twinMin = false; ///< the chain returns min(Q1, Q2) (ofex.min)
  bool running = false; ///< batch norms use their running statistics
  bool value = false;   ///< the preset has SAC v1's value network v
};

class GradCheck {
public:
  GradCheck(ModuleOp module, const Case &c, unsigned seed)
      : c(c), rng(seed), module(module) {}

  void run() {
    auto fwd = ofex::buildChain(module, c.chain, "chain.forward");
    ASSERT_TRUE(succeeded(fwd));
    if (c.twinMin)
      ASSERT_TRUE(succeeded(ofex::returnTwinMinimum(*fwd)));
    if (c.running)
      ASSERT_GT(ofex::useRunningStats(*fwd), 0u);
    ofex::GradOptions options;
    options.loss = c.loss;
    auto grad = ofex::differentiate(*fwd, options, "chain.grad");
    ASSERT_TRUE(succeeded(grad));
    ASSERT_TRUE(succeeded(verify(module)));
    forward = *fwd;

    params = ofex::ref::initParams(module, 3);
    std::normal_distribution<float> n(0.0f, 0.2f);
    for (auto &[name, v] : params)
      for (float &x : v)
        x += n(rng);
    // Running means far from 0 and variances away from 1 (and positive).
    module.walk([&](ofex::StatOp stat) {
      for (float &x : params[ofex::statKey(stat)])
        x = stat.getInit() == ofex::InitKind::ones
                ? 0.3f + 5.0f * std::abs(n(rng))
                : 5.0f * n(rng);
    });
    std::uniform_real_distribution<double> u(0.2, 0.9);
    forward.walk([&](ofex::ThetaOp theta) {
      for (int64_t j = 0; j < theta.getUnits(); ++j)
        xi[theta.getName().str()].push_back(u(rng));
    });
    for (Type t : forward.getArgumentTypes())
      inputs.push_back(random(ofex::unitsOf(t)));
    std::vector<Matrix> extra;
    for (Type t : forward.getFunctionType().getResults()) {
      extra.push_back(random(ofex::unitsOf(t)));
      if (std::string(c.loss) == "mse")
        break;
    }
    std::vector<Matrix> args = inputs;
    args.insert(args.end(), extra.begin(), extra.end());
    seeds = extra;

    std::vector<Matrix> results =
        ofex::ref::evaluateFunction(*grad, params, args, xi);
    auto names = grad->getAllResultAttrs();
    int checked = 0;
    for (auto [i, attr] : llvm::enumerate(names)) {
      std::string name =
          attr.cast<DictionaryAttr>().getAs<StringAttr>("ofex.result").str();
      if (name.rfind("d:", 0) != 0)
        continue;
      checkOne(name, results[i]);
      ++checked;
    }
    EXPECT_GT(checked, 2);
  }

private:
  Matrix random(int64_t cols) {
    std::normal_distribution<double> n(0.0, 1.0);
    Matrix m{kRows, cols, {}};
    for (int64_t i = 0; i < kRows * cols; ++i)
      m.data.push_back(n(rng));
    return m;
  }

  double loss() {
    std::vector<Matrix> out =
        ofex::ref::evaluateFunction(forward, params, inputs, xi);
    double l = 0;
    if (std::string(c.loss) == "mse") {
      for (size_t k = 0; k < out[0].data.size(); ++k) {
        double d = out[0].data[k] - seeds[0].data[k];
        l += d * d / out[0].data.size();
      }
      return l;
    }
    for (size_t i = 0; i < out.size(); ++i)
      for (size_t k = 0; k < out[i].data.size(); ++k)
        l += out[i].data[k] * seeds[i].data[k];
    return l;
  }

  /// Central difference at up to 10 entries of the named quantity.
  void checkOne(const std::string &name, const Matrix &analytic) {
    std::uniform_int_distribution<size_t> pick(0, analytic.data.size() - 1);
    for (int trial = 0; trial < 10; ++trial) {
      size_t k = pick(rng);
      double fd;
      if (name.rfind("d:param:", 0) == 0) {
        float &p = params.at(name.substr(8))[k];
        float p0 = p;
        p = p0 + 1e-3f;
        double hi = loss(), up = p;
        p = p0 - 1e-3f;
        double lo = loss(), down = p;
        p = p0;
        fd = (hi - lo) / (up - down);
      } else {
        double *v = name.rfind("d:xi:", 0) == 0
                        ? &xi.at(name.substr(5))[k]
                        : &inputs.at(std::stoi(name.substr(8))).data[k];
        double v0 = *v;
        *v = v0 + 1e-5;
        double hi = loss();
        *v = v0 - 1e-5;
        double lo = loss();
        *v = v0;
        fd = (hi - lo) / 2e-5;
      }
      double a = analytic.data[k];
      EXPECT_NEAR(a, fd, 2e-4 * std::max({1.0, std::abs(a), std::abs(fd)}))
          << c.preset << " " << c.norm << (c.running ? " (running)" : "") << " "
          << name << "[" << k << "]";
    }
  }

  static constexpr int64_t kRows = 5;
  const Case &c;
  std::mt19937 rng;
  ModuleOp module;
  func::FuncOp forward;
  ofex::ref::Params params;
  ofex::ref::GateValues xi;
  std::vector<Matrix> inputs, seeds;
};

TEST(Gradients, PresetsMatchFiniteDifferences) {
  std::vector<Case> cases;
  for (const char *norm : {"none", "layer", "batch"}) {
    // The OFENet update: phi_o -> phi_oa -> aux under the MSE loss.
    cases.push_back(
        {"ofe-sac", "HalfCheetah", norm, {"phi_o", "phi_oa", "aux"}, "mse"});
    // The critic through phi_oa: dQ/da for the policy update.
    cases.push_back({"ofe-sac", "Hopper", norm, {"phi_oa", "q1"}, "none"});
  }
  // min(Q1, Q2) of the policy update: each row's cotangent reaches only the
  // smaller critic (random data make a tie within 1e-5 improbable).
  cases.push_back(
      {"ofe-sac", "Hopper", "layer", {"phi_oa", "q1", "q2"}, "none", true});
  cases.push_back({"sac", "Ant", "none", {"q1", "q2"}, "none", true});
  // Batch norm in evaluation mode (running statistics), as the agent reads
  // features and differentiates dQmin/da.
  cases.push_back({"ofe-sac",
                   "HalfCheetah",
                   "batch",
                   {"phi_o", "phi_oa", "aux"},
                   "mse",
                   false,
                   true});
  cases.push_back({"ofe-sac",
                   "Hopper",
                   "batch",
                   {"phi_oa", "q1", "q2"},
                   "none",
                   true,
                   true});
  cases.push_back({"ofe-sac", "Walker2d", "batch", {"pi"}, "none"});
  cases.push_back({"ofe-sac", "Walker2d", "batch", {"q2"}, "mse"});
  cases.push_back({"sac", "Ant", "none", {"pi"}, "none"});
  cases.push_back({"sac", "Ant", "none", {"q1"}, "mse"});
  // SAC v1: the value network's update, and the critics' side of its policy
  // loss (Q1 and Q2 with a cotangent each: ones and zeros in the agent).
  cases.push_back(
      {"ofe-sac", "HalfCheetah", "layer", {"v"}, "mse", false, false, true});
  cases.push_back({"sac", "Hopper", "none", {"v"}, "mse", false, false, true});
  cases.push_back({"ofe-sac",
                   "Hopper",
                   "layer",
                   {"phi_oa", "q1", "q2"},
                   "none",
                   false,
                   false,
                   true});
  unsigned seed = 1;
  for (const Case &c : cases) {
    MLIRContext context;
    ofex::PresetOptions o;
    o.preset = c.preset;
    o.task = *ofex::lookupTask(c.task);
    o.norm = c.norm;
    o.ofeLayers = 2;
    o.ofeUnits = 4;
    o.hidden = 6;
    o.sacAct = "tanh"; // smooth: finite differences never straddle a kink
    o.valueNetwork = c.value;
    std::string error;
    auto module = ofex::buildPreset(context, o, error);
    ASSERT_TRUE(module) << error;
    GradCheck(*module, c, seed++).run();
  }
}

TEST(Gradients, ReluAndSwishAdjoints) {
  // One gated layer per activation; relu checked away from its kink by the
  // random data (a kink inside +-1e-3 is improbable at this size).
  for (const char *act : {"relu", "swish", "identity"}) {
    MLIRContext context;
    ofex::PresetOptions o;
    o.preset = "sac";
    o.task = *ofex::lookupTask("InvertedPendulum");
    o.hidden = 5;
    o.sacAct = act;
    std::string error;
    auto module = ofex::buildPreset(context, o, error);
    ASSERT_TRUE(module) << error;
    Case c{"sac", "InvertedPendulum", act, {"q1"}, "mse"};
    GradCheck(*module, c, 42).run();
  }
}

} // namespace
