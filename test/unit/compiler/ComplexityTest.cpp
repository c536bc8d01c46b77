//===- ComplexityTest.cpp - the cost model against direct computations ----===//

#include "ofex/Analysis/Complexity.h"
#include "ofex/Analysis/Summary.h"
#include "ofex/OfexOps.h"
#include "ofex/Presets/Presets.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;

namespace {

OwningOpRef<ModuleOp> preset(MLIRContext &context, const std::string &name,
                             const std::string &task, int64_t units = 0) {
  ofex::PresetOptions o;
  o.preset = name;
  o.task = *ofex::lookupTask(task);
  o.ofeUnits = units;
  std::string error;
  auto module = ofex::buildPreset(context, o, error);
  EXPECT_TRUE(module) << error;
  return module;
}

TEST(Complexity, FullThetaEqualsSummaryForEveryPresetAndTask) {
  MLIRContext context;
  for (const std::string &task : ofex::knownTasks())
    for (const std::string &name : ofex::knownPresets()) {
      auto module = preset(context, name, task);
      auto model = ofex::CostModel::derive(*module);
      ASSERT_TRUE(succeeded(model));
      ofex::CostResult r = model->evaluate(
          std::vector<float>(model->numUnits(), 1.0f), ofex::Coefficients());
      ofex::ModuleSummary s = ofex::summarize(*module);
      ASSERT_EQ(s.networks.size(), r.networkParams.size());
      for (size_t i = 0; i < s.networks.size(); ++i) {
        EXPECT_DOUBLE_EQ(r.networkParams[i], s.networks[i].params)
            << name << " " << task << " " << s.networks[i].name;
        EXPECT_NEAR(r.networkFlops[i], s.networks[i].flops, 1.0)
            << name << " " << task << " " << s.networks[i].name;
      }
      EXPECT_DOUBLE_EQ(r.params[0], s.deployParams);
      EXPECT_DOUBLE_EQ(r.totalParams(), s.trainParams);
    }
}

std::vector<float> randomTheta(const ofex::CostModel &model, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.05f, 1.0f);
  std::vector<float> theta(model.numUnits());
  for (float &t : theta)
    t = u(rng);
  return theta;
}

// E[C] is multilinear, so dE[C]/dtheta_k = E[C | xi_k = 1] - E[C | xi_k = 0]:
// evaluate the model twice with theta_k pinned and compare, role by role.
TEST(Complexity, MarginalEqualsExactConditionalDifference) {
  MLIRContext context;
  auto module = preset(context, "ofe-sac", "Hopper", 8);
  auto model = ofex::CostModel::derive(*module);
  ASSERT_TRUE(succeeded(model));
  std::vector<float> theta = randomTheta(*model, 7);
  ofex::Coefficients c;
  ofex::CostResult r = model->evaluate(theta, c);
  for (int32_t k = 0; k < model->numUnits(); ++k) {
    std::vector<float> on = theta, off = theta;
    on[k] = 1.0f;
    off[k] = 0.0f;
    ofex::CostResult r1 = model->evaluate(on, c), r0 = model->evaluate(off, c);
    for (int role = 0; role < 2; ++role) {
      double exact = r1.params[role] - r0.params[role];
      EXPECT_NEAR(r.marginal[role][k], exact, 1e-4 * (1 + std::abs(exact)))
          << "unit " << k << " role " << role;
    }
  }
}

TEST(Complexity, PenaltyCombinesRolesWithRhoAndNu) {
  MLIRContext context;
  auto module = preset(context, "ofe-sac", "Walker2d", 8);
  auto model = ofex::CostModel::derive(*module);
  ASSERT_TRUE(succeeded(model));
  std::vector<float> theta = randomTheta(*model, 3);
  ofex::Coefficients c{0.0, 2e-7, 1e-5, 3e-6};
  ofex::CostResult r = model->evaluate(theta, c);
  std::vector<float> fast;
  model->penalties(theta, c, fast);
  for (const ofex::GateGroup &g : model->groups())
    for (int32_t k = g.offset; k < g.offset + g.units; ++k) {
      // rho = 0: the learning-only part does not count.
      double expected = c.nu(g.family) * r.marginal[0][k];
      EXPECT_NEAR(r.penalty[k], expected, 1e-6 * expected + 1e-12) << g.name;
      EXPECT_NEAR(fast[k], r.penalty[k], 1e-5 * r.penalty[k] + 1e-12);
      if (g.family == "q") // critics are learning-only: no deploy cost
        EXPECT_EQ(r.penalty[k], 0.0f);
    }
  c.rho = 1.0;
  r = model->evaluate(theta, c);
  const ofex::GateGroup *g = model->findGroup("phi_o.l1");
  ASSERT_TRUE(g);
  EXPECT_NEAR(r.penalty[g->offset],
              c.nuOfe * (r.marginal[0][g->offset] + r.marginal[1][g->offset]),
              1e-12);
  EXPECT_GT(r.marginal[1][g->offset], 0.0f); // z_o feeds phi_oa and critics
}

TEST(Complexity, PrunedUnitsCostNothing) {
  MLIRContext context;
  auto module = preset(context, "ofe-sac", "Hopper", 8);
  auto model = ofex::CostModel::derive(*module);
  std::vector<float> theta(model->numUnits(), 1.0f);
  const ofex::GateGroup *g = model->findGroup("phi_o.l2");
  ofex::CostResult full = model->evaluate(theta, ofex::Coefficients());
  theta[g->offset] = 0.0f;
  ofex::CostResult pruned = model->evaluate(theta, ofex::Coefficients());
  EXPECT_EQ(pruned.penalty[g->offset], 0.0f);
  EXPECT_EQ(pruned.marginal[0][g->offset], 0.0f);
  // Removing the unit saves exactly its marginal cost (multilinearity).
  EXPECT_NEAR(full.totalParams() - pruned.totalParams(),
              full.marginal[0][g->offset] + full.marginal[1][g->offset], 1e-6);
}

} // namespace
