//===- SacLearner.h - the SAC update on compiled networks -------*- C++ -*-===//
//
// One SAC update composed from the compiled functions (CompiledNetworks) and
// the small glue of ofex_rl: tanh-Gaussian sampling, Bellman targets, the
// temperature and Polyak averaging.
//
// v2 (SB3, CleanRL): twin critics towards r + gamma (min(Q1', Q2')(s', a') -
// alpha log pi(a'|s')) with a' ~ pi(s'), the policy on min(Q1, Q2) and a
// learned temperature. v1 (the original, which the OFENet reference code
// runs): v.step fits the state-value network V(z_o) to min(Q1, Q2) - log pi
// at a fresh action, V's Polyak target gives the critics' targets
// scale * r + gamma V'(z_o'), qa.grad returns Q1 and Q2 with the gradient of
// Q1 alone, and the temperature stays 1.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_SACLEARNER_H
#define OFEX_TRAIN_SACLEARNER_H

#include "ofex/rl/Temperature.h"
#include "ofex/rt/StateStore.h"
#include "ofex/train/Batch.h"
#include "ofex/train/CompiledNetworks.h"
#include "ofex/train/Saveable.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ofex::train {

/// Which SAC: v2 (twin critics with targets, a learned temperature) or v1
/// (a state-value network with a target, temperature 1, scaled rewards).
enum class SacVariant { V2, V1 };

struct SacLosses {
  float q1 = 0, q2 = 0, pi = 0, alpha = 0, alphaValue = 0, entropy = 0;
  float v = 0; ///< SAC v1's value loss
};

struct SacLearnerOptions {
  SacVariant variant = SacVariant::V2;
  bool ofe = false; ///< features from OFENet (else the observation)
  int64_t batch = 256, actDim = 1;
  double lr = 3e-4; ///< the temperature's Adam
  double gamma = 0.99, tau = 0.005;
  double rewardScale = 1.0; ///< on rewards in the critics' targets
};

class SacLearner : public Saveable {
public:
  explicit SacLearner(const SacLearnerOptions &options);

  /// Starts the Polyak targets ("target:<param>") as copies of the critics'
  /// params (v2) or the value network's (v1) in `state`.
  void initTargets(rt::StateStore &state);
  /// Forgets the targets of params an elimination removed.
  void dropMissingTargets(const rt::StateStore &state);
  /// One update: critics, policy, temperature or value network, targets.
  SacLosses update(CompiledNetworks &nets, rt::StateStore &state,
                   const Batch &b, std::mt19937_64 &rng);
  rl::Temperature &temperature() { return temp; }

  /// The temperature and its optimizer (temp.*).
  void save(io::Checkpoint &checkpoint) const override;
  void restore(const io::Checkpoint &checkpoint, Restore mode) override;

private:
  /// z_o, z_oa of (o, a) and z_o' (the observations themselves without
  /// OFENet, z_oa then unused).
  struct Features {
    const float *zO, *zOA, *zONext;
  };
  Features features(CompiledNetworks &nets, const Batch &b);
  /// The critics' targets into y: from V' (v1) or the target critics at
  /// a' ~ pi(s') (v2).
  void valueNetworkTargets(CompiledNetworks &nets, const Features &z,
                           const float *reward, const Batch &b);
  void targetCriticTargets(CompiledNetworks &nets, const Features &z,
                           const float *reward, const Batch &b, float alpha,
                           std::mt19937_64 &rng);
  void updateCritics(CompiledNetworks &nets, const Features &z, const Batch &b,
                     SacLosses &out);
  /// a ~ pi(s), dQ/da through the critics (and phi_oa), then the
  /// tanh-Gaussian backward and pi's own backward with Adam.
  void updatePolicy(CompiledNetworks &nets, const Features &z, float alpha,
                    std::mt19937_64 &rng, SacLosses &out);
  void updateValueNetwork(CompiledNetworks &nets, const Features &z,
                          float alpha, SacLosses &out);
  void drawNoise(std::mt19937_64 &rng);
  bool v1() const { return opts.variant == SacVariant::V1; }

  SacLearnerOptions opts;
  rl::Temperature temp;
  /// The params with Polyak targets ("target:<name>").
  std::vector<std::string> targetParams;
  /// Standard normal noise; reset at every update, so that each update's
  /// draws depend on the generator alone.
  std::normal_distribution<float> normal{0.0f, 1.0f};
  // Batch scratch, allocated once.
  std::vector<float> noise, mean, logStd, action, logProb, qMin, y, ones, dMean,
      dLogStd, reward, zeros;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_SACLEARNER_H
