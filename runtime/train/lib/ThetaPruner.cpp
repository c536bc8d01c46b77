//===- ThetaPruner.cpp - the theta step, gate statistics, elimination -----===//

#include "ofex/train/ThetaPruner.h"

#include "CheckpointBytes.h"

#include "ofex/OfexOps.h"
#include "ofex/train/ThetaEstimator.h"

#include <algorithm>
#include <stdexcept>

using namespace mlir;

namespace ofex::train {

void applyCostOptions(CostModel &cost, const PruneOptions &prune,
                      bool unpruned) {
  if (prune.coefficients.kind != CostKind::Time)
    return;
  std::string error;
  if (!prune.costTable)
    throw std::invalid_argument("the time cost needs a cost table");
  if (!cost.applyCostTable(*prune.costTable, error, unpruned))
    throw std::invalid_argument(prune.costTableName + ": " + error);
}

void ThetaPruner::attach(ModuleOp model, bool unpruned) {
  auto derived = CostModel::derive(model);
  if (failed(derived))
    throw std::runtime_error("complexity analysis failed");
  cost = std::make_unique<CostModel>(std::move(*derived));
  applyCostOptions(*cost, opts, unpruned);
}

std::map<std::string, const float *>
ThetaPruner::gateGradients(CompiledNetworks &nets) {
  std::map<std::string, const float *> grads, draws;
  for (rt::CompiledFunction *f : nets.gateGradientSources())
    for (const std::string &r : f->resultNames())
      if (r.rfind("d:xi:", 0) == 0)
        grads[r.substr(5)] = f->result(r);
  if (opts.relax <= 0)
    return grads;
  // The relaxed estimator's draws: beside the gradients, or (the policy's
  // saved forward pass) among pi.fwd's saved values.
  for (rt::CompiledFunction *f : nets.gateDrawSources())
    for (const std::string &r : f->resultNames()) {
      const std::string prefix = r.rfind("xi:", 0) == 0         ? "xi:"
                                 : r.rfind("saved:xi:", 0) == 0 ? "saved:xi:"
                                                                : "";
      if (!prefix.empty())
        draws[r.substr(prefix.size())] = f->result(r);
    }
  relaxedGrad.assign(cost->numUnits(), 0.0f);
  for (const GateGroup &g : cost->groups()) {
    auto it = grads.find(g.name);
    if (it == grads.end())
      continue;
    auto d = draws.find(g.name);
    if (d == draws.end())
      throw std::logic_error("no gate draws of group " + g.name);
    float *out = relaxedGrad.data() + g.offset;
    relaxedThetaGradient(it->second, d->second, g.units, opts.relax, out);
    it->second = out;
  }
  return grads;
}

void ThetaPruner::computePenalties(const rt::StateStore &state) {
  thetaFlat.assign(cost->numUnits(), 0.0f);
  for (const GateGroup &g : cost->groups()) {
    const std::vector<float> &t = state.at(rt::thetaKey(g.name));
    std::copy(t.begin(), t.end(), thetaFlat.begin() + g.offset);
  }
  cost->penalties(thetaFlat, opts.coefficients, penalty);
}

void ThetaPruner::step(CompiledNetworks &nets, const rt::StateStore &state) {
  if (!opts.enabled)
    return;
  rt::CompiledFunction &update = nets.theta();
  std::map<std::string, const float *> grads = gateGradients(nets);
  // A group without gradients (none yet) gets zeros.
  size_t widest = 0;
  for (const GateGroup &g : cost->groups())
    widest = std::max(widest, size_t(g.units));
  zeros.assign(widest, 0.0f);
  for (const GateGroup &g : cost->groups()) {
    auto it = grads.find(g.name);
    const float *gradient = it == grads.end() ? zeros.data() : it->second;
    update.bindArg("g:" + g.name, const_cast<float *>(gradient));
  }
  computePenalties(state);
  for (const GateGroup &g : cost->groups())
    update.bindArg("c:" + g.name, penalty.data() + g.offset);
  update.run();
  accumulate(grads);
}

void ThetaPruner::accumulate(
    const std::map<std::string, const float *> &grads) {
  sums.g.resize(cost->numUnits(), 0.0);
  sums.c.resize(cost->numUnits(), 0.0);
  for (const GateGroup &g : cost->groups()) {
    auto it = grads.find(g.name);
    for (int64_t j = 0; j < g.units; ++j) {
      if (it != grads.end())
        sums.g[g.offset + j] += it->second[j];
      sums.c[g.offset + j] += penalty[g.offset + j];
    }
  }
  ++sums.steps;
}

std::vector<GateBalance>
ThetaPruner::takeGateBalance(const rt::StateStore &state) {
  std::vector<GateBalance> out;
  if (sums.steps == 0 || !cost)
    return out;
  for (const GateGroup &g : cost->groups()) {
    GateBalance b;
    b.group = g.name;
    b.steps = sums.steps;
    const std::vector<float> &theta = state.at(rt::thetaKey(g.name));
    for (int64_t j = 0; j < g.units; ++j) {
      if (theta[j] <= 0.0f)
        continue;
      double gm = sums.g[g.offset + j] / sums.steps;
      double cm = sums.c[g.offset + j] / sums.steps;
      ++b.live;
      b.theta += theta[j];
      b.g += gm;
      b.c += cm;
      b.keep += gm + cm < 0.0;
    }
    if (b.live) {
      b.theta /= b.live;
      b.g /= b.live;
      b.c /= b.live;
      b.keep /= b.live;
    }
    out.push_back(b);
  }
  sums.g.assign(sums.g.size(), 0.0);
  sums.c.assign(sums.c.size(), 0.0);
  sums.steps = 0;
  return out;
}

namespace {
/// Slices (or drops) every state tensor of a param or gate group the
/// elimination changed.
void migrateState(const PruneResult &result, rt::StateStore &state) {
  for (const auto &[name, map] : result.params)
    for (const std::string &key :
         {name, rt::adamM(name), rt::adamV(name), "target:" + name}) {
      if (!state.has(key))
        continue;
      if (map.removed)
        state.erase(key);
      else if (!map.identity())
        state.set(key, gatherParam(map, state.at(key)));
    }
  for (const auto &[group, g] : result.groups)
    for (const std::string &key :
         {rt::thetaKey(group), rt::thetaVelocityKey(group)}) {
      if (!state.has(key))
        continue;
      if (g.unitsAfter == 0) {
        state.erase(key);
        continue;
      }
      std::vector<float> kept;
      for (int64_t j : g.keep)
        kept.push_back(state.at(key)[j]);
      state.set(key, kept);
    }
}
} // namespace

std::optional<PruneResult> ThetaPruner::eliminate(ModuleOp model,
                                                  rt::StateStore &state) {
  // The IR's theta follows the state; dead units have theta 0.
  model.walk([&](ThetaOp t) {
    const std::vector<float> &v = state.at(rt::thetaKey(groupName(t)));
    t.setValuesAttr(DenseF32ArrayAttr::get(model.getContext(), v));
  });
  bool anyDead = false;
  model.walk([&](ThetaOp t) {
    for (int64_t j = 0; j < t.getUnits(); ++j)
      anyDead |= t.getTheta(j) <= 0.0f;
  });
  if (!anyDead)
    return std::nullopt;
  auto result = eliminateDeadUnits(model, opts.thetaTol);
  if (failed(result))
    throw std::runtime_error("dead-unit elimination failed");
  migrateState(*result, state);
  // Units are renumbered: the running sums no longer line up.
  sums.g.clear();
  sums.c.clear();
  sums.steps = 0;
  return *result;
}

void ThetaPruner::save(io::Checkpoint &ck) const {
  ck.setString("balance.g", doublesBytes(sums.g));
  ck.setString("balance.c", doublesBytes(sums.c));
  ck.setInt("balance.steps", sums.steps);
}

void ThetaPruner::restore(const io::Checkpoint &ck, Restore mode) {
  // Checkpoints of older runs lack the sums; a warm start begins its own
  // intervals.
  if (mode == Restore::Resume && ck.hasInt("balance.steps")) {
    sums.g = doublesOf(ck.getString("balance.g"));
    sums.c = doublesOf(ck.getString("balance.c"));
    sums.steps = ck.getInt("balance.steps");
  }
}

} // namespace ofex::train
