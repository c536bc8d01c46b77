//===- TrainConfig.h - the options of a training run ------------*- C++ -*-===//
//
// What ofex-train's options set, checked and written as the run's
// config.ini. Kept apart from the trainer (no executor, no environments) so
// that option readers and their fuzz target link it alone.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_TRAINCONFIG_H
#define OFEX_TRAIN_TRAINCONFIG_H

#include "ofex/Presets/Presets.h"

#include <cstdint>
#include <string>

namespace ofex::train {

struct TrainConfig {
  std::string env;
  std::string preset = "sac";
  int64_t steps = 1000000;
  uint64_t seed = 0;
  std::string out;
  int64_t evalEvery = 5000, evalEpisodes = 10;
  int threads = 2;
  int64_t warmup = 10000, ofePretrain = 10000;
  int64_t batch = 256, replaySize = 1000000;
  int64_t checkpointEvery = 10000;
  int64_t ofeLayers = 0, ofeUnits = 0, hidden = 256;
  std::string norm = kDefaultNorm;
  double lr = 3e-4, gamma = 0.99, tau = 0.005;
  /// The SAC variant: "v2" (twin critics with targets, a learned
  /// temperature) or "v1" (the original that the OFENet reference code runs:
  /// a state-value network with a target, temperature 1, scaled rewards).
  std::string sac = "v2";
  /// The factor on rewards in the critics' targets; -1: the variant's (v1:
  /// 5, 20 for Humanoid; v2: 1). Returns are reported unscaled.
  double rewardScale = -1;
  bool quiet = false;
  // Online pruning (presets prune-a, prune-b, prune-c; 0.5x, 1x, 2x of
  // Prune-B's nu). Negative values mean "the preset's default".
  double nuOfe = -1, nuPi = -1, nuQ = -1, rho = -1;
  double thetaLr = 0.3, thetaTol = 0.1;
  /// The theta estimator (PruneOptions::relax): 0 straight-through, q in
  /// (0, 1] the relaxed estimator with that fraction of relaxed draws.
  double thetaRelax = 0.0;
  /// The theta step's momentum (PruneOptions::momentum): 0 or in (0, 1).
  double thetaMomentum = 0.0;
  int64_t thetaFreezeSteps = -1; ///< default 20% of --steps
  /// What the penalties charge for (CostKind): params, flops or time (the
  /// measured update time per layer of `costTable`, an ofex-bench
  /// --cost-table CSV; a run keeps its copy in its checkpoint).
  std::string cost = "params";
  std::string costTable;
  int64_t pruneEvery = 10000;
  /// Prune presets: how the shipped policy treats the gates, "expect" (xi =
  /// theta, the default) or "remove" (survivors at xi = 1); empty: the
  /// default for a new run, "remove" for runs of versions before the option.
  std::string deployGates;
  /// A warm start: begin from the checkpoint of the run in this directory
  /// (same task and architecture; e.g. prune a trained ofe-big agent). Its
  /// weights, optimizer state, targets, temperature, replay, random streams,
  /// environment state and step count carry over; what it lacks (theta)
  /// starts at its initial value. Its progress and evaluation rows are
  /// copied, so the new run's curves start at step 0.
  std::string initFrom;
};

/// Whether a preset prunes online.
bool isPrunePreset(const std::string &preset);

/// Checks a configuration; returns "" or one line naming the bad option.
std::string validate(const TrainConfig &config);

/// The configuration with every default that derives from other options
/// made explicit (the reward scale, a prune preset's nu and rho, the theta
/// freeze as 20% of --steps), as a new run writes it to config.ini: a resumed
/// run with another --steps keeps its own.
TrainConfig resolveDefaults(TrainConfig config);

/// Writes the options as an INI file ofex-train reads back (--config).
std::string toIni(const TrainConfig &config);

} // namespace ofex::train

#endif // OFEX_TRAIN_TRAINCONFIG_H
