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
#include "ofex/train/TrainConfig.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ofex::train {

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
