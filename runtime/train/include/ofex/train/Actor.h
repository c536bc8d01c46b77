//===- Actor.h - the agent's experience on the training task ----*- C++ -*-===//
//
// The actor steps the training task: a random action during the warm-up,
// else a sample of the agent's policy, scaled to the task's action box; each
// transition goes into the replay buffer. Episode e starts from
// reset(seed * 1000003 + e). Its checkpoint entries are the task's physics
// state, the current observation, the episode in progress and its random
// stream, so that a resumed run steps on bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_ACTOR_H
#define OFEX_TRAIN_ACTOR_H

#include "ofex/envs/Task.h"
#include "ofex/rl/ReplayBuffer.h"
#include "ofex/train/Agent.h"
#include "ofex/train/Saveable.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ofex::train {

class Actor : public Saveable {
public:
  Actor(const std::string &env, uint64_t seed);

  /// Resets the task for the current episode.
  void beginEpisode();
  /// One step: the agent's sampled action, or without an agent (the
  /// warm-up) a uniform one in [-1, 1]. Returns whether the episode ended
  /// (terminated or truncated); the caller then logs it and calls
  /// nextEpisode().
  bool step(Agent *agent, rl::ReplayBuffer &replay);
  void nextEpisode() {
    ++episode_;
    beginEpisode();
  }

  int64_t episode() const { return episode_; }
  double episodeReturn() const { return epReturn; }
  int64_t episodeLength() const { return epLen; }
  const envs::TaskSpec &spec() const { return spec_; }
  const std::vector<float> &actionLow() const { return low; }
  const std::vector<float> &actionHigh() const { return high; }
  /// The acting stream (also what evaluations pass to the agent).
  std::mt19937_64 &rng() { return rng_; }

  void save(io::Checkpoint &checkpoint) const override;
  void restore(const io::Checkpoint &checkpoint, Restore mode) override;

private:
  uint64_t seed;
  std::unique_ptr<envs::Task> task;
  envs::TaskSpec spec_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<float> uniform{-1.0f, 1.0f};
  std::vector<float> obs, action, envAction, low, high;
  int64_t episode_ = 0, epLen = 0;
  double epReturn = 0;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_ACTOR_H
