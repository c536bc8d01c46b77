//===- Rollout.h - Episodes with a fixed policy, and their timing ---------===//
#ifndef OFEX_ENV_ROLLOUT_H
#define OFEX_ENV_ROLLOUT_H

#include "ofex/envs/Task.h"

#include <cstdint>
#include <random>
#include <vector>

namespace ofex::envtool {

enum class Policy { Zero, Random };

/// Fills `action` for the policy: zeros, or uniform in the task's box.
void policyAction(Policy policy, const envs::TaskSpec &spec,
                  std::mt19937_64 &rng, std::vector<float> &action);

struct RolloutReport {
  std::vector<double> returns;
  std::vector<int> lengths;
  long long steps = 0;
  double wrapper_seconds = 0; ///< time inside Task::step
  double raw_seconds = 0;     ///< time of frame_skip bare mj_step calls
  double wall_seconds = 0;    ///< the whole run, measurements included
  std::uint64_t clipped = 0;
};

/// Runs `episodes` episodes, episode e reset with seed + e. Before every
/// step, the same state and action are also advanced by bare mj_step calls
/// on a copy of the data, so the wrapper's cost is measured against raw
/// MuJoCo on identical work in the same run.
RolloutReport runRollouts(envs::Task &task, int episodes, std::uint64_t seed,
                          Policy policy);

} // namespace ofex::envtool

#endif // OFEX_ENV_ROLLOUT_H
