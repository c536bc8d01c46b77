//===- Episode.h - one episode of a policy on a task ------------*- C++ -*-===//

#ifndef OFEX_TRAIN_EPISODE_H
#define OFEX_TRAIN_EPISODE_H

#include "ofex/envs/Task.h"

#include <cstdint>
#include <functional>

namespace ofex::train {

/// Maps an observation to an action in [-1, 1]^act_dim.
using Policy = std::function<void(const float *obs, float *action)>;

struct EpisodeResult {
  double ret = 0;
  int64_t length = 0;
};

/// Runs one episode from reset(seed) until it terminates or is truncated,
/// scaling the policy's actions to the task's box.
EpisodeResult runEpisode(envs::Task &task, uint64_t seed, const Policy &policy);

} // namespace ofex::train

#endif // OFEX_TRAIN_EPISODE_H
