//===- Actor.cpp - the agent's experience on the training task ------------===//

#include "ofex/train/Actor.h"

#include "CheckpointBytes.h"

#include "ofex/envs/Registry.h"
#include "ofex/rl/ActionScaling.h"
#include "ofex/rl/RngState.h"

namespace ofex::train {

Actor::Actor(const std::string &env, uint64_t seed)
    : seed(seed), task(envs::makeTask(env)), spec_(task->spec()),
      rng_(seed * 3 + 1) {
  action.resize(spec_.act_dim);
  envAction.resize(spec_.act_dim);
  low.assign(spec_.act_low.begin(), spec_.act_low.end());
  high.assign(spec_.act_high.begin(), spec_.act_high.end());
}

void Actor::beginEpisode() {
  std::vector<double> o = task->reset(seed * 1000003ull + uint64_t(episode_));
  obs.assign(o.begin(), o.end());
  epReturn = 0;
  epLen = 0;
}

bool Actor::step(Agent *agent, rl::ReplayBuffer &replay) {
  if (agent) {
    agent->act(obs.data(), action.data(), /*deterministic=*/false, rng_);
  } else {
    for (float &x : action)
      x = uniform(rng_);
  }
  rl::scaleActionsToBox({1, size_t(spec_.act_dim)}, action.data(), low.data(),
                        high.data(), envAction.data());
  envs::StepResult r = task->step(envAction);
  std::vector<float> next(r.obs.begin(), r.obs.end());
  replay.add(obs.data(), action.data(), float(r.reward), next.data(),
             r.terminated);
  obs = std::move(next);
  epReturn += r.reward;
  ++epLen;
  return r.terminated || r.truncated;
}

void Actor::save(io::Checkpoint &ck) const {
  ck.setString("rng.act", rl::rngToString(rng_));
  envs::Task::State ts = task->saveState();
  ck.setString("task.physics", doublesBytes(ts.physics));
  ck.setInt("task.steps", ts.steps);
  ck.setInt("task.running", ts.running);
  ck.setUInt("task.clipped", ts.clipped);
  ck.setFloats("obs", obs);
  ck.setString("ep_return", bytesOf(&epReturn, sizeof epReturn));
  ck.setInt("episode", episode_);
  ck.setInt("ep_len", epLen);
}

// A warm start continues the source's episode too: its replay buffer holds
// the episode's first transitions.
void Actor::restore(const io::Checkpoint &ck, Restore) {
  rl::rngFromString(ck.getString("rng.act"), rng_);
  envs::Task::State ts;
  ts.physics = doublesOf(ck.getString("task.physics"));
  ts.steps = ck.getInt("task.steps");
  ts.running = ck.getInt("task.running");
  ts.clipped = ck.getUInt("task.clipped");
  task->reset(0); // an episode in progress, overwritten by the restore
  task->restoreState(ts);
  obs = ck.floats("obs");
  epReturn = doubleOf(ck.getString("ep_return"));
  episode_ = ck.getInt("episode");
  epLen = ck.getInt("ep_len");
}

} // namespace ofex::train
