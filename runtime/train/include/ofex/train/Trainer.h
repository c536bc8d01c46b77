//===- Trainer.h - the training loop of ofex-train --------------*- C++ -*-===//
//
// Random warm-up steps, OFENet pretraining on them, then per environment step
// one OFENet update and one SAC update; deterministic evaluation every
// eval_every steps on an environment seeded seed + 1000; progress.csv,
// eval.csv, summary.json, ir/*.mlir and checksummed, atomically written
// checkpoints (checkpoint.bin with the agent, replay.bin with the buffer).
// A checkpoint holds everything the run depends on (weights, optimizer
// moments and counters, gate sampler counters, every random stream, the
// environment's physics state), so a resumed run continues bit-identically.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_TRAINER_H
#define OFEX_TRAIN_TRAINER_H

#include "ofex/rl/ReplayBuffer.h"
#include "ofex/train/Agent.h"

#include <cstdint>
#include <functional>
#include <memory>
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
  bool quiet = false;
  // Online pruning (presets prune-a, prune-b, prune-c; 0.5x, 1x, 2x of
  // Prune-B's nu). Negative values mean "the preset's default".
  double nuOfe = -1, nuPi = -1, nuQ = -1, rho = -1;
  double thetaLr = 0.3, thetaTol = 0.1;
  /// The theta estimator (PruneOptions::relax): 0 straight-through, q in
  /// (0, 1] the relaxed estimator with that fraction of relaxed draws.
  double thetaRelax = 0.0;
  int64_t thetaFreezeSteps = -1; ///< default 20% of --steps
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
/// made explicit (a prune preset's nu and rho, the theta freeze as 20% of
/// --steps), as a new run writes it to config.ini: a resumed run with
/// another --steps keeps its own.
TrainConfig resolveDefaults(TrainConfig config);

/// Writes the options as an INI file ofex-train reads back (--config).
std::string toIni(const TrainConfig &config);

enum class TrainOutcome {
  Finished, ///< --steps reached; deploy files and summary.json written
  Stopped,  ///< `stop` asked; a checkpoint of the last step was written
};

/// Runs (or, with `resume`, continues) a training run. A directory that
/// already holds a checkpoint of the same configuration is continued too
/// (requeued jobs repeat their command); a finished run returns at once.
/// `stop`, asked after every step, ends the run early with a checkpoint
/// (signals: SIGTERM, SIGUSR1). Throws std::invalid_argument for bad input
/// (a message naming the file or option) and std::runtime_error for
/// failures.
TrainOutcome train(const TrainConfig &config, bool resume,
                   const std::function<bool()> &stop = {});

/// A run as its last checkpoint left it: the agent (its pruned model,
/// weights, theta, temperature) and the replay buffer.
struct RunSnapshot {
  std::unique_ptr<Agent> agent;
  std::unique_ptr<rl::ReplayBuffer> replay;
  int64_t step = 0;
};

/// Loads the checkpoint of the run in config.out (config: its config.ini),
/// read only: no lock, nothing written. For analyses of a run such as the
/// gate probe. Throws std::invalid_argument naming the file for a missing,
/// damaged or foreign checkpoint or buffer. Its agent draws plain Bernoulli
/// gates whatever the run's --theta-relax.
RunSnapshot loadRunSnapshot(const TrainConfig &config);

} // namespace ofex::train

#endif // OFEX_TRAIN_TRAINER_H
