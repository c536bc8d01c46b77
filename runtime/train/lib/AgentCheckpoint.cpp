//===- AgentCheckpoint.cpp - the agent's part of a checkpoint -------------===//
//
// The (pruned) model's IR, the cost table it penalises by, every state
// tensor (weights, Adam moments, targets, theta), the executors' counters
// (Adam steps, Bernoulli draws), and its parts' entries: the temperature
// and its optimizer (SacLearner), the running sums of gates.csv
// (ThetaPruner).
//
//===----------------------------------------------------------------------===//

#include "ofex/train/Agent.h"

#include <map>
#include <stdexcept>

namespace ofex::train {

void Agent::save(io::Checkpoint &ck) const {
  ck.setString("model", modelIR());
  if (const auto &table = opts.prune.costTable)
    ck.setString("cost-table", table->toCsv());
  for (const auto &[name, v] : state.all())
    ck.setFloats("state/" + name, v);
  for (const auto &[name, e] : nets->executors()) {
    ck.setInt("exec/" + name + ".adam", e->adamStep());
    ck.setUInt("exec/" + name + ".sampler", e->samplerCounter());
  }
  sac.save(ck);
  pruner.save(ck);
}

/// A warm start's source must have every array of this model, at the same
/// size, and nothing this model lacks (theta, which an ungated source has
/// not, may start fresh).
static void checkWarmSource(const io::Checkpoint &ck,
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

void Agent::restore(const io::Checkpoint &ck, Restore mode) {
  if (mode == Restore::WarmStart)
    checkWarmSource(ck, state);
  for (const auto &[name, v] : ck.allFloats())
    if (name.rfind("state/", 0) == 0)
      state.set(name.substr(6), v);
  sac.restore(ck, mode);
  for (auto &[name, e] : nets->executors()) {
    const std::string adam = "exec/" + name + ".adam",
                      sampler = "exec/" + name + ".sampler";
    // A function the checkpoint's run did not have keeps fresh counters: a
    // warm start's source without gates (the theta step), or a run of an
    // older ofex-train (pi.fwd, which draws no Adam step).
    if (!ck.hasInt(adam))
      continue;
    e->setAdamStep(ck.getInt(adam));
    e->setSamplerCounter(ck.getUInt(sampler));
  }
  pruner.restore(ck, mode);
}

} // namespace ofex::train
