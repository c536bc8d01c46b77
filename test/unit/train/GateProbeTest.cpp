//===- GateProbeTest.cpp - the gate probe against exact values ------------===//
//
// A tiny SAC + OFENet agent (OFENet 1 x 2 units per branch, SAC 3 hidden
// units, one action) on a replay buffer of one transition, so every batch
// row is that transition and the losses can be evaluated directly with the
// reference interpreter, in double precision, for any gate configuration:
// - with every other gate open, Delta_k is L(all on) - L(k off) and the
//   straight-through estimate is dL/dxi_k at 1 (a central difference of the
//   interpreter's loss in xi_k);
// - with theta in (0, 1), Delta_k is a sum over the 2^n configurations of
//   the other gates, weighted by their probabilities.
//
//===----------------------------------------------------------------------===//

#include "ofex/train/GateProbe.h"

#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexOps.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/rl/TanhGaussian.h"
#include "ofex/rt/StateStore.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

using namespace mlir;
using namespace ofex;

namespace {

constexpr int64_t kBatch = 4;
const float kObs[3] = {0.5f, -1.0f, 0.25f}, kAct[1] = {0.3f},
            kNext[3] = {0.4f, -0.8f, 0.5f};

train::AgentOptions tinyAgent() {
  train::AgentOptions o;
  o.preset = "ofe-small";
  o.task = TaskDims{"Tiny", 3, 1, 3, 1, 2};
  o.ofeLayers = 1;
  o.ofeUnits = 2;
  o.hidden = 3;
  o.batch = kBatch;
  o.seed = 11;
  o.prune.enabled = true;
  o.prune.coefficients.nuOfe = 1e-3;
  o.prune.coefficients.nuPi = 2e-3;
  o.prune.coefficients.rho = 0.5;
  return o;
}

/// The losses of the tiny agent, evaluated by the reference interpreter on
/// the one transition, for explicit gate values.
class Reference {
public:
  explicit Reference(train::Agent &agent) : agent(agent) {
    std::string error;
    model = parseModule(
        context, llvm::MemoryBuffer::getMemBufferCopy(agent.modelIR(), "model"),
        "model", error);
    EXPECT_TRUE(model) << error;
    model->walk([&](ThetaOp t) { groups.push_back(groupName(t)); });
    // The auxiliary loss as a graph: the OFENet chain and its MSE.
    auto chain = buildChain(*model, {"phi_o", "phi_oa", "aux"}, "ref.ofe");
    GradOptions g;
    g.loss = "mse";
    g.inputGrads = g.paramGrads = false;
    ofeLossFn = *differentiate(*chain, g, "ref.ofe.grad");
    for (const auto &[name, v] : agent.store().all())
      params[name] = v;
  }

  /// Gates of every group open except those in `xi`.
  ref::GateValues gates(const ref::GateValues &xi) const {
    ref::GateValues all;
    for (const std::string &g : groups)
      all[g] =
          std::vector<double>(agent.store().at(rt::thetaKey(g)).size(), 1.0);
    for (const auto &[g, v] : xi)
      all[g] = v;
    return all;
  }

  double ofeLoss(const ref::GateValues &xi) const {
    ref::Matrix o{1, 3, {kObs[0], kObs[1], kObs[2]}}, a{1, 1, {kAct[0]}},
        t{1, 3, {kNext[0], kNext[1], kNext[2]}};
    return ref::evaluateFunction(ofeLossFn, params, {o, a, t}, gates(xi))[0]
        .data[0];
  }

  /// mean_rows(alpha log pi(a|s) - min(Q1, Q2)(s, a)) with a from `eps`
  /// (kBatch rows of the same observation).
  double piLoss(const ref::GateValues &xi, const std::vector<float> &eps) {
    ref::Matrix o{kBatch, 3, {}}, a{kBatch, 1, {}};
    for (int64_t r = 0; r < kBatch; ++r) {
      o.data.insert(o.data.end(), kObs, kObs + 3);
      a.data.push_back(kAct[0]);
    }
    ref::Outputs first = ref::evaluate(*model, params, {o, a}, gates(xi));
    std::vector<float> mean(kBatch), logStd(kBatch), act(kBatch),
        logProb(kBatch);
    for (int64_t r = 0; r < kBatch; ++r) {
      mean[r] = first.at("pi")[0].data[r];
      logStd[r] = first.at("pi")[1].data[r];
    }
    rl::tanhGaussianSample({size_t(kBatch), 1}, mean.data(), logStd.data(),
                           eps.data(), act.data(), logProb.data());
    for (int64_t r = 0; r < kBatch; ++r)
      a.data[r] = act[r];
    ref::Outputs second = ref::evaluate(*model, params, {o, a}, gates(xi));
    double loss = 0, alpha = agent.temperature().alpha();
    for (int64_t r = 0; r < kBatch; ++r) {
      double q =
          std::min(second.at("q1")[0].data[r], second.at("q2")[0].data[r]);
      loss += (alpha * logProb[r] - q) / kBatch;
    }
    return loss;
  }

  train::Agent &agent;
  MLIRContext context;
  OwningOpRef<ModuleOp> model;
  std::vector<std::string> groups;
  func::FuncOp ofeLossFn;
  ref::Params params;
};

rl::ReplayBuffer oneTransition() {
  rl::ReplayBuffer replay(1, 3, 1);
  replay.add(kObs, kAct, 1.0f, kNext, false);
  return replay;
}

/// xi of `group` all 1 but unit k at `value`.
ref::GateValues oneUnit(train::Agent &agent, const std::string &group,
                        int64_t k, double value) {
  std::vector<double> xi(agent.store().at(rt::thetaKey(group)).size(), 1.0);
  xi[k] = value;
  return {{group, xi}};
}

TEST(GateProbe, ExactWhenEveryOtherGateIsOpen) {
  train::Agent agent(tinyAgent());
  rl::ReplayBuffer replay = oneTransition();
  train::ProbeOptions po;
  po.unitsPerGroup = 0;
  po.batches = 1;
  po.draws = 2;
  po.seed = 5;
  auto rows = train::probeGates(agent, replay, po);
  // phi_o.l1 and phi_oa.l1 (2 units each), pi.l1 and pi.l2 (3 each).
  ASSERT_EQ(rows.size(), 10u);

  Reference ref(agent);
  // The probe's policy noise, as ProbeOptions documents it.
  std::mt19937_64 noiseRng(po.seed + 1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::vector<float>> eps(po.draws, std::vector<float>(kBatch));
  for (auto &e : eps)
    for (float &x : e)
      x = normal(noiseRng);

  auto derived = CostModel::derive(*ref.model);
  ASSERT_TRUE(succeeded(derived));
  std::vector<float> theta(derived->numUnits(), 1.0f), penalty;
  derived->penalties(theta, agent.options().prune.coefficients, penalty);

  const double h = 1e-3;
  int checkedOfe = 0, checkedPi = 0;
  for (const train::ProbeRow &r : rows) {
    SCOPED_TRACE(r.group + " unit " + std::to_string(r.unit));
    EXPECT_EQ(r.theta, 1.0);
    const bool isOfe = r.group.rfind("phi_", 0) == 0;
    auto loss = [&](double x) {
      ref::GateValues xi = oneUnit(agent, r.group, r.unit, x);
      if (isOfe)
        return ref.ofeLoss(xi);
      double mean = 0;
      for (const auto &e : eps)
        mean += ref.piLoss(xi, e) / eps.size();
      return mean;
    };
    const double delta = loss(1.0) - loss(0.0);
    const double dxi = (loss(1.0 + h) - loss(1.0 - h)) / (2 * h);
    const double scale = std::max(1.0, std::abs(delta));
    EXPECT_NEAR(r.delta, delta, 2e-4 * scale);
    EXPECT_NEAR(r.straightThrough, dxi, 2e-4 * std::max(1.0, std::abs(dxi)));
    // Not the same number: the loss is not linear in xi_k.
    const GateGroup *g = derived->findGroup(r.group);
    ASSERT_NE(g, nullptr);
    EXPECT_FLOAT_EQ(r.penalty, penalty[g->offset + r.unit]);
    EXPECT_GT(r.penalty, 0.0);
    (isOfe ? checkedOfe : checkedPi)++;
  }
  EXPECT_EQ(checkedOfe, 4);
  EXPECT_EQ(checkedPi, 6);
  // The probe left the agent's theta as it was.
  for (const std::string &g : ref.groups)
    for (float t : agent.store().at(rt::thetaKey(g)))
      EXPECT_EQ(t, 1.0f);
}

TEST(GateProbe, MatchesTheExpectationOverTheOtherGates) {
  train::Agent agent(tinyAgent());
  rl::ReplayBuffer replay = oneTransition();
  // OFENet's four units at theta in (0, 1): the aux loss's expectation is a
  // sum over their 16 configurations.
  std::map<std::string, std::vector<double>> theta = {
      {"phi_o.l1", {0.3, 0.8}}, {"phi_oa.l1", {0.6, 0.9}}};
  for (const auto &[g, v] : theta)
    agent.store().set(rt::thetaKey(g), std::vector<float>(v.begin(), v.end()));
  Reference ref(agent);

  train::ProbeOptions po;
  po.unitsPerGroup = 0;
  po.batches = 1;
  po.draws = 1000;
  auto rows = train::probeGates(agent, replay, po);

  const std::vector<std::pair<std::string, int64_t>> units = {
      {"phi_o.l1", 0}, {"phi_o.l1", 1}, {"phi_oa.l1", 0}, {"phi_oa.l1", 1}};
  int checked = 0;
  for (const train::ProbeRow &r : rows) {
    if (!theta.count(r.group))
      continue;
    SCOPED_TRACE(r.group + " unit " + std::to_string(r.unit));
    EXPECT_FLOAT_EQ(r.theta, theta[r.group][r.unit]);
    // E[L | xi_k = 1] - E[L | xi_k = 0] over the other three units.
    double exact = 0;
    for (int mask = 0; mask < 16; ++mask) {
      ref::GateValues xi;
      double p = 1;
      bool isK = false, kOn = false;
      for (size_t u = 0; u < units.size(); ++u) {
        bool on = mask >> u & 1;
        const auto &[g, j] = units[u];
        if (!xi.count(g))
          xi[g] = {0.0, 0.0};
        xi[g][j] = on;
        if (g == r.group && j == r.unit) {
          isK = true;
          kOn = on;
          continue;
        }
        p *= on ? theta[g][j] : 1 - theta[g][j];
      }
      ASSERT_TRUE(isK);
      exact += (kOn ? 1 : -1) * p * ref.ofeLoss(xi);
    }
    EXPECT_GT(r.deltaStderr, 0.0);
    EXPECT_NEAR(r.delta, exact, 4 * r.deltaStderr + 1e-5);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
  // theta restored after each unit.
  for (const auto &[g, v] : theta)
    for (size_t j = 0; j < v.size(); ++j)
      EXPECT_FLOAT_EQ(agent.store().at(rt::thetaKey(g))[j], v[j]);
}

TEST(GateProbe, RefusesAModelWithoutGates) {
  train::AgentOptions o = tinyAgent();
  o.prune.enabled = false;
  train::Agent agent(o);
  rl::ReplayBuffer replay = oneTransition();
  EXPECT_THROW(train::probeGates(agent, replay, {}), std::invalid_argument);
}

TEST(GateProbe, CsvHasOneLinePerUnit) {
  train::ProbeRow r;
  r.group = "pi.l1";
  r.unit = 2;
  r.theta = 0.5;
  r.delta = -0.25;
  r.penalty = 0.125;
  r.straightThrough = 0.5;
  std::string csv = train::gateProbeCsv({r, r});
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "group,unit,theta,delta,delta_se,straight_through,"
            "straight_through_se,penalty,delta_plus_c,"
            "straight_through_plus_c");
  EXPECT_NE(csv.find("\npi.l1,2,0.5,-0.25,0,0.5,0,0.125,-0.125,0.625\n"),
            std::string::npos);
}

} // namespace
