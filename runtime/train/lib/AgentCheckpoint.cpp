//===- AgentCheckpoint.cpp - the agent's part of a checkpoint -------------===//
//
// The (pruned) model's IR, the cost table it penalises by, every state
// tensor (weights, Adam moments, targets, theta), the temperature and its
// optimizer, the executors' counters (Adam steps, Bernoulli draws) and the
// running sums of gates.csv.
//
//===----------------------------------------------------------------------===//

#include "ofex/train/Agent.h"

#include "CheckpointBytes.h"

#include <map>
#include <stdexcept>

namespace ofex::train {

void Agent::save(rl::Checkpoint &ck) const {
  ck.setString("model", modelIR());
  if (const auto &table = opts.prune.costTable)
    ck.setString("cost-table", table->toCsv());
  for (const auto &[name, v] : state.all())
    ck.setFloats("state/" + name, v);
  ck.setFloats("temp.log_alpha", std::vector<float>{temp->logAlpha()});
  ck.setUInt("temp.adam.steps", temp->optimizer().steps());
  ck.setFloats("temp.adam.m", temp->optimizer().firstMoment());
  ck.setFloats("temp.adam.v", temp->optimizer().secondMoment());
  for (const auto &[name, f] : fns) {
    ck.setInt("exec/" + name + ".adam", f->exec().adamStep());
    ck.setUInt("exec/" + name + ".sampler", f->exec().samplerCounter());
  }
  ck.setString("balance.g", doublesBytes(sums.g));
  ck.setString("balance.c", doublesBytes(sums.c));
  ck.setInt("balance.steps", sums.steps);
}

/// A warm start's source must have every array of this model, at the same
/// size, and nothing this model lacks (theta, which an ungated source has
/// not, may start fresh).
static void checkWarmSource(const rl::Checkpoint &ck,
                            const rt::StateStore &state) {
  std::map<std::string, size_t> sizes;
  for (const auto &[name, v] : ck.allFloats())
    if (name.rfind("state/", 0) == 0)
      sizes[name.substr(6)] = v.size();
  for (const auto &[name, n] : sizes)
    if (name.rfind("theta-velocity:", 0) == 0 && !state.has(name))
      continue; // the source averaged its theta step; this run does not
    else if (!state.has(name) || state.at(name).size() != n)
      throw std::invalid_argument("'" + name +
                                  "' does not match this run's model");
  for (const auto &[name, v] : state.all())
    if (!sizes.count(name) && name.rfind("theta:", 0) != 0 &&
        name.rfind("theta-velocity:", 0) != 0)
      throw std::invalid_argument("has no '" + name + "'");
}

void Agent::restore(const rl::Checkpoint &ck, Restore mode) {
  if (mode == Restore::WarmStart)
    checkWarmSource(ck, state);
  for (const auto &[name, v] : ck.allFloats())
    if (name.rfind("state/", 0) == 0)
      state.set(name.substr(6), v);
  temp->setLogAlpha(ck.floats("temp.log_alpha")[0]);
  temp->optimizer().restore(ck.getUInt("temp.adam.steps"),
                            ck.floats("temp.adam.m"), ck.floats("temp.adam.v"));
  for (auto &[name, f] : fns) {
    const std::string adam = "exec/" + name + ".adam",
                      sampler = "exec/" + name + ".sampler";
    // A function the checkpoint's run did not have keeps fresh counters: a
    // warm start's source without gates (the theta step), or a run of an
    // older ofex-train (pi.fwd, which draws no Adam step).
    if (!ck.hasInt(adam))
      continue;
    f->exec().setAdamStep(ck.getInt(adam));
    f->exec().setSamplerCounter(ck.getUInt(sampler));
  }
  // gates.csv's running sums (checkpoints of older runs lack them; a warm
  // start begins its own intervals).
  if (mode == Restore::Resume && ck.hasInt("balance.steps")) {
    sums.g = doublesOf(ck.getString("balance.g"));
    sums.c = doublesOf(ck.getString("balance.c"));
    sums.steps = ck.getInt("balance.steps");
  }
}

} // namespace ofex::train
