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
      if (g.family ==
          ofex::Family::q) // critics are learning-only: no deploy cost
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

// FLOPs penalties: half (a FLOP per half a parameter) of nu times the exact
// FLOPs difference a unit makes, roles weighted by rho.
TEST(Complexity, FlopsPenaltyIsTheExactFlopsDifferenceInParameters) {
  MLIRContext context;
  auto module = preset(context, "ofe-sac", "Hopper", 8);
  auto model = ofex::CostModel::derive(*module);
  ASSERT_TRUE(succeeded(model));
  std::vector<float> theta = randomTheta(*model, 11);
  ofex::Coefficients c{0.5, 2e-7, 1e-5, 3e-6};
  c.kind = ofex::CostKind::Flops;
  c.kindScale = ofex::kParamsPerFlop;
  std::vector<float> penalty;
  model->penalties(theta, c, penalty);
  ofex::CostResult r = model->evaluate(theta, c);
  for (const ofex::GateGroup &g : model->groups())
    for (int32_t k = g.offset; k < g.offset + g.units; ++k) {
      std::vector<float> on = theta, off = theta;
      on[k] = 1.0f;
      off[k] = 0.0f;
      ofex::CostResult r1 = model->evaluate(on, c),
                       r0 = model->evaluate(off, c);
      double exact =
          c.nu(g.family) * 0.5 *
          ((r1.flops[0] - r0.flops[0]) + c.rho * (r1.flops[1] - r0.flops[1]));
      EXPECT_NEAR(penalty[k], exact, 1e-4 * exact + 1e-12) << g.name;
      EXPECT_EQ(r.penalty[k], penalty[k]) << g.name;
    }
}

// A table whose times are proportional to the layers' parameters (matmuls to
// the weights, the rest to bias and normalization) charges exactly what the
// parameter count does: the conversion to parameter-equivalents is right.
TEST(Complexity, TimeProportionalToParamsGivesTheParamsPenalties) {
  MLIRContext context;
  for (auto [name, units] : {std::pair{"ofe-sac", 0}, std::pair{"ofe-sac", 128},
                             std::pair{"sac", 0}}) {
    auto module = preset(context, name, "Walker2d", units);
    auto model = ofex::CostModel::derive(*module);
    ASSERT_TRUE(succeeded(model));
    ofex::CostTable table;
    table.layers = model->layers();
    ASSERT_FALSE(table.layers.empty());
    for (auto &[layer, l] : table.layers) {
      l.matmulMs = 3e-6 * double(l.in * l.out);
      l.otherMs = 3e-6 * (l.params - double(l.in * l.out));
    }
    std::string error;
    ASSERT_TRUE(model->applyCostTable(table, error)) << error;
    std::vector<float> theta = randomTheta(*model, 5);
    ofex::Coefficients params{0.5, 2e-7, 1e-5, 3e-6}, time = params;
    time.kind = ofex::CostKind::Time;
    time.kindScale = table.paramsPerSecond();
    std::vector<float> p, t;
    model->penalties(theta, params, p);
    model->penalties(theta, time, t);
    for (int32_t k = 0; k < model->numUnits(); ++k)
      EXPECT_NEAR(t[k], p[k], 1e-4 * p[k] + 1e-12) << name << " unit " << k;
  }
}

TEST(Complexity, CostTableNeedsEveryLayer) {
  MLIRContext context;
  auto module = preset(context, "ofe-sac", "Hopper", 8);
  auto model = ofex::CostModel::derive(*module);
  ASSERT_TRUE(succeeded(model));
  ofex::CostTable table;
  table.layers = model->layers();
  EXPECT_TRUE(table.layers.count("phi_o.l1"));
  EXPECT_TRUE(table.layers.count("pi.l1"));
  table.layers.erase("pi.l1");
  table.layers["gone.l9"] = {3, 4, 16, 1.0, 1.0}; // pruned away: ignored
  std::string error;
  EXPECT_FALSE(model->applyCostTable(table, error));
  EXPECT_EQ(error, "has no row for layer 'pi.l1'");
  // Measured on another architecture: refused while the model is unpruned.
  table.layers = model->layers();
  table.layers["phi_o.l2"].out = 30;
  EXPECT_TRUE(model->applyCostTable(table, error));
  EXPECT_FALSE(model->applyCostTable(table, error, /*sameWidths=*/true));
  EXPECT_EQ(error, "layer 'phi_o.l2' was measured 19 -> 30 wide, the model's "
                   "is 19 -> 8 (a table of another architecture)");
}

TEST(Complexity, CostTableCsvReadsBackExactly) {
  ofex::CostTable table;
  table.layers["phi_o.l1"] = {17, 128, 2560, 0.1 + 0.2, 1.0 / 3.0};
  table.layers["pi.out"] = {256, 12, 3084, 2.5e-7, 0.0};
  std::string error;
  auto back = ofex::CostTable::parse(table.toCsv(), error);
  ASSERT_TRUE(back) << error;
  ASSERT_EQ(back->layers.size(), 2u);
  for (const auto &[name, l] : table.layers) {
    const ofex::LayerTime &b = back->layers.at(name);
    EXPECT_EQ(b.in, l.in);
    EXPECT_EQ(b.out, l.out);
    EXPECT_EQ(b.params, l.params);
    EXPECT_EQ(b.matmulMs, l.matmulMs); // bit for bit: a resume's penalties
    EXPECT_EQ(b.otherMs, l.otherMs);
  }
  EXPECT_EQ(back->paramsPerSecond(), table.paramsPerSecond());
}

TEST(Complexity, CostTableRejectsBadRowsByLine) {
  const std::string header = "layer,in,out,params,matmul_ms,other_ms\n";
  std::pair<std::string, std::string> cases[] = {
      {"layer,in,out\n", "line 1: expected the header"},
      {header + "a.l1,2,2,6,1\n", "line 2: expected 6 fields, got 5"},
      {header + "a.l1,2,2,6,1,x\n", "line 2: a field of 'a.l1' is not"},
      {header + "a.l1,0,2,6,1,1\n", "line 2: in and out of 'a.l1' must be"},
      {header + "a.l1,2.5,2,6,1,1\n", "line 2: in and out of 'a.l1' must"},
      {header + "a.l1,2,2,6,-1,1\n", "line 2: the numbers of 'a.l1' must"},
      {header + "a.l1,2,2,6,nan,1\n", "line 2: the numbers of 'a.l1' must"},
      {header + "a.l1,2,2,6,0,0\n", "line 2: layer 'a.l1' takes no time"},
      {header + "a.l1,2,2,6,1,1\na.l1,2,2,6,1,1\n",
       "line 3: layer 'a.l1' appears twice"},
      {header + ",2,2,6,1,1\n", "line 2: empty layer name"},
      {header, "no layers"},
  };
  for (const auto &[text, expected] : cases) {
    std::string error;
    EXPECT_FALSE(ofex::CostTable::parse(text, error)) << text;
    EXPECT_NE(error.find(expected), std::string::npos)
        << "got '" << error << "' for\n"
        << text;
  }
}

} // namespace
