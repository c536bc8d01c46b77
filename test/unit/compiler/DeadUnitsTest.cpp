//===- DeadUnitsTest.cpp - pruned models compute what gated models do -----===//

#include "ofex/Transforms/DeadUnits.h"
#include "ofex/Analysis/Complexity.h"
#include "ofex/Analysis/Summary.h"
#include "ofex/Analysis/ThetaFile.h"
#include "ofex/OfexOps.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Reference/Interpreter.h"

#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;

namespace {

OwningOpRef<ModuleOp> build(MLIRContext &context, const std::string &preset,
                            const std::string &task, const std::string &norm,
                            int64_t units, int64_t hidden) {
  ofex::PresetOptions o;
  o.preset = preset;
  o.task = *ofex::lookupTask(task);
  o.norm = norm;
  o.ofeUnits = units;
  o.ofeLayers = 3;
  o.hidden = hidden;
  std::string error;
  auto module = ofex::buildPreset(context, o, error);
  EXPECT_TRUE(module) << error;
  return module;
}

/// Random theta with about a third of the units below theta_tol = 0.1 and
/// one whole OFENet layer dead when the model has one.
ofex::ThetaValues randomTheta(ModuleOp module, std::mt19937 &rng) {
  ofex::ThetaValues theta = ofex::collectTheta(module);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (auto &[name, values] : theta)
    for (float &t : values)
      t = u(rng) < 0.33f ? 0.05f * u(rng) : 0.1f + 0.9f * u(rng);
  if (theta.count("phi_o.l2"))
    for (float &t : theta["phi_o.l2"])
      t = 0.0f;
  return theta;
}

std::vector<ofex::ref::Matrix> randomInputs(ModuleOp module, int64_t rows,
                                            std::mt19937 &rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  std::vector<ofex::ref::Matrix> inputs;
  ofex::ModelOp model = *module.getOps<ofex::ModelOp>().begin();
  for (BlockArgument arg : model.getBody().getArguments()) {
    ofex::ref::Matrix m{rows, ofex::unitsOf(arg.getType()), {}};
    for (int64_t i = 0; i < m.rows * m.cols; ++i)
      m.data.push_back(n(rng));
    inputs.push_back(std::move(m));
  }
  return inputs;
}

/// xi fixed at 0 for dead units and 1 for the rest.
ofex::ref::GateValues fixedGates(const ofex::ThetaValues &theta, double tol) {
  ofex::ref::GateValues xi;
  for (const auto &[name, values] : theta)
    for (float t : values)
      xi[name].push_back(t < tol ? 0.0 : 1.0);
  return xi;
}

TEST(DeadUnits, PrunedOutputsEqualGatedOutputsForEveryPresetAndTask) {
  MLIRContext context;
  std::mt19937 rng(11);
  for (const std::string &task : ofex::knownTasks())
    for (const std::string &preset : ofex::knownPresets())
      for (std::string norm : {"none", "batch", "batch-eval"}) {
        SCOPED_TRACE(preset + " " + task + " " + norm);
        // batch-eval: batch norms normalise with their running statistics,
        // which elimination slices like the scale and shift.
        bool eval = norm == "batch-eval";
        auto module =
            build(context, preset, task, eval ? "batch" : norm, 6, 12);
        if (eval)
          module->walk(
              [](ofex::NormOp n) { n.setInference(!n.getRunning().empty()); });
        ofex::ThetaValues theta = randomTheta(*module, rng);
        std::string error;
        ASSERT_TRUE(ofex::applyTheta(*module, theta, error)) << error;
        ofex::ref::Params params = ofex::ref::initParams(*module, 5);
        // Biases and shifts are zero at init: make them matter.
        std::normal_distribution<float> n(0.0f, 0.3f);
        for (auto &[name, v] : params)
          for (float &x : v)
            x += n(rng);
        module->walk([&](ofex::StatOp stat) {
          if (stat.getInit() == ofex::InitKind::ones) // variances stay positive
            for (float &x : params[ofex::statKey(stat)])
              x = 0.1f + std::abs(x);
        });
        auto inputs = randomInputs(*module, 7, rng);
        ofex::ref::Outputs gated = ofex::ref::evaluate(*module, params, inputs,
                                                       fixedGates(theta, 0.1));

        OwningOpRef<ModuleOp> pruned = module->clone();
        auto result = ofex::eliminateDeadUnits(*pruned, 0.1);
        ASSERT_TRUE(succeeded(result));
        ASSERT_TRUE(succeeded(verify(*pruned)));
        ASSERT_GT(result->unitsRemoved, 0);
        ofex::ref::Params carried;
        for (const auto &[name, map] : result->params)
          if (!map.removed)
            carried[name] = ofex::gatherParam(map, params.at(name));
        for (const auto &[name, v] : params)
          if (!result->params.count(name))
            carried[name] = v;
        ofex::ref::Outputs out =
            ofex::ref::evaluate(*pruned, carried, inputs,
                                fixedGates(ofex::collectTheta(*pruned), 0.1));

        ASSERT_EQ(gated.size(), out.size());
        for (const auto &[net, mats] : gated) {
          // Network outputs that carry gated columns (z_o, z_oa) lose the
          // dead ones; compare the heads, which keep their width.
          if (net == "phi_o" || net == "phi_oa")
            continue;
          for (size_t i = 0; i < mats.size(); ++i) {
            const auto &a = mats[i], &b = out.at(net)[i];
            ASSERT_EQ(a.cols, b.cols) << net;
            for (size_t k = 0; k < a.data.size(); ++k)
              EXPECT_NEAR(b.data[k], a.data[k],
                          1e-6 * std::max(1.0, std::abs(a.data[k])))
                  << net << " output " << i << " entry " << k;
          }
        }
      }
}

TEST(DeadUnits, SurvivingStateIsCarriedBitIdentically) {
  MLIRContext context;
  auto module = build(context, "ofe-sac", "Hopper", "batch", 6, 12);
  std::mt19937 rng(3);
  ofex::ThetaValues theta = randomTheta(*module, rng);
  std::string error;
  ASSERT_TRUE(ofex::applyTheta(*module, theta, error));
  // Adam moments: every entry distinct, so a misplaced entry shows.
  ofex::ref::Params moments = ofex::ref::initParams(*module, 1);
  for (auto &[name, v] : moments)
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = std::ldexp(1.0f + float(i) / v.size(), int(name.size() % 7));
  auto result = ofex::eliminateDeadUnits(*module, 0.1);
  ASSERT_TRUE(succeeded(result));

  // pi.l1.w: rows are z_o's surviving columns, columns pi.l1's survivors.
  const ofex::GroupReport &l1 = result->groups.at("pi.l1");
  const ofex::ParamMap &w = result->params.at("pi.l1.w");
  EXPECT_EQ(w.keep[1], l1.keep);
  std::vector<float> carried = ofex::gatherParam(w, moments.at("pi.l1.w"));
  ASSERT_EQ(carried.size(), w.keep[0].size() * w.keep[1].size());
  for (size_t r = 0; r < w.keep[0].size(); ++r)
    for (size_t c = 0; c < w.keep[1].size(); ++c)
      EXPECT_EQ(
          carried[r * w.keep[1].size() + c],
          moments.at("pi.l1.w")[w.keep[0][r] * w.oldShape[1] + w.keep[1][c]]);
  // z_o keeps o (11 columns) and the survivors of phi_o's layers.
  size_t survivors = 11;
  for (const char *g : {"phi_o.l1", "phi_o.l2", "phi_o.l3"})
    survivors += result->groups.at(g).unitsAfter;
  EXPECT_EQ(w.keep[0].size(), survivors);
  EXPECT_TRUE(result->groups.at("phi_o.l2").layerRemoved);
  EXPECT_TRUE(result->params.at("phi_o.l2.w").removed);
  // Theta of the survivors is carried too.
  auto newTheta = ofex::collectTheta(*module);
  for (size_t k = 0; k < l1.keep.size(); ++k)
    EXPECT_EQ(newTheta.at("pi.l1")[k], theta.at("pi.l1")[l1.keep[k]]);
}

// E[C](theta) against a Monte Carlo average of the exact size of sampled
// sub-networks: sample xi ~ Bernoulli(theta), prune the units with xi = 0
// and count the survivors' params with the static summary.
TEST(Complexity, ExpectedParamsMatchMonteCarloOverSampledSubnetworks) {
  MLIRContext context;
  auto module = build(context, "ofe-sac", "Walker2d", "batch", 10, 64);
  auto model = ofex::CostModel::derive(*module);
  ASSERT_TRUE(succeeded(model));
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> u(0.2f, 1.0f);
  ofex::ThetaValues theta = ofex::collectTheta(*module);
  for (auto &[name, values] : theta)
    for (float &t : values)
      t = u(rng);
  std::string error;
  ASSERT_TRUE(ofex::applyTheta(*module, theta, error));
  ofex::CostResult expected =
      model->evaluate(model->thetaFromIR(*module), ofex::Coefficients());

  const int samples = 300;
  double deploy = 0, total = 0;
  std::uniform_real_distribution<float> coin(0.0f, 1.0f);
  for (int s = 0; s < samples; ++s) {
    ofex::ThetaValues xi = theta;
    for (auto &[name, values] : xi)
      for (float &t : values)
        t = coin(rng) < t ? 1.0f : 0.0f;
    OwningOpRef<ModuleOp> sub = module->clone();
    ASSERT_TRUE(ofex::applyTheta(*sub, xi, error));
    ASSERT_TRUE(succeeded(ofex::eliminateDeadUnits(*sub, 0.5)));
    ofex::ModuleSummary summary = ofex::summarize(*sub);
    deploy += summary.deployParams;
    total += summary.trainParams;
  }
  deploy /= samples;
  total /= samples;
  EXPECT_NEAR(deploy, expected.params[0], 0.01 * expected.params[0]);
  EXPECT_NEAR(total, expected.totalParams(), 0.01 * expected.totalParams());
}

} // namespace
