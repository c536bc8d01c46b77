//===- Episode.cpp - one episode of a policy on a task --------------------===//

#include "ofex/train/Episode.h"

#include "ofex/rl/ActionScaling.h"

#include <vector>

namespace ofex::train {

EpisodeResult runEpisode(envs::Task &task, uint64_t seed,
                         const Policy &policy) {
  const envs::TaskSpec &spec = task.spec();
  size_t A = spec.act_dim;
  std::vector<float> low(spec.act_low.begin(), spec.act_low.end());
  std::vector<float> high(spec.act_high.begin(), spec.act_high.end());
  std::vector<float> obs, a(A), envAction(A);
  std::vector<double> o = task.reset(seed);
  EpisodeResult r;
  while (true) {
    obs.assign(o.begin(), o.end());
    policy(obs.data(), a.data());
    rl::scaleActionsToBox({1, A}, a.data(), low.data(), high.data(),
                          envAction.data());
    envs::StepResult s = task.step(envAction);
    r.ret += s.reward;
    ++r.length;
    o = s.obs;
    if (s.terminated || s.truncated)
      return r;
  }
}

} // namespace ofex::train
