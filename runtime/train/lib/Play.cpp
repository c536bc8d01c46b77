//===- Play.cpp - run a shipped policy by itself --------------------------===//

#include "ofex/train/Play.h"
#include "ofex/train/DeployedPolicy.h"
#include "ofex/train/Episode.h"

#include "ofex/envs/Registry.h"
#include "ofex/rl/ActionScaling.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace ofex::train {

PlayResult play(const std::string &dir, int64_t episodes,
                std::optional<uint64_t> seedOption, std::ostream *actions) {
  DeployedPolicy deployed(dir);
  PlayResult r;
  r.env = deployed.env();
  r.params = deployed.params();
  uint64_t seed = seedOption ? *seedOption : deployed.evalSeed();
  auto task = envs::makeTask(r.env);
  const envs::TaskSpec &spec = deployed.taskSpec();
  const int64_t obsDim = deployed.obsDim();

  size_t A = spec.act_dim;
  std::vector<float> low(spec.act_low.begin(), spec.act_low.end()),
      high(spec.act_high.begin(), spec.act_high.end()), envAction(A);
  double seconds = 0;
  int64_t steps = 0;
  using Clock = std::chrono::steady_clock;
  Policy timed = [&](const float *obs, float *a) {
    auto start = Clock::now();
    deployed.act(obs, a);
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (!actions)
      return;
    rl::scaleActionsToBox({1, A}, a, low.data(), high.data(), envAction.data());
    char buf[32];
    for (size_t i = 0; i < size_t(obsDim); ++i) {
      std::snprintf(buf, sizeof buf, "%.9g,", obs[i]);
      *actions << buf;
    }
    for (size_t j = 0; j < A; ++j) {
      std::snprintf(buf, sizeof buf, j + 1 < A ? "%.9g," : "%.9g\n",
                    envAction[j]);
      *actions << buf;
    }
  };
  for (int64_t e = 0; e < episodes; ++e) {
    EpisodeResult ep = runEpisode(*task, seed + uint64_t(e), timed);
    r.returns.push_back(ep.ret);
    r.lengths.push_back(ep.length);
    steps += ep.length;
  }
  r.latencyUs = steps ? seconds * 1e6 / steps : 0;
  return r;
}

} // namespace ofex::train
