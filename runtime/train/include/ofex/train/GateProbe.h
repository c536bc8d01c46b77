//===- GateProbe.h - the exact effect of single gates -----------*- C++ -*-===//
//
// The theta step moves theta_k by the straight-through gradient dL/dxi_k at
// a sampled xi. The quantity it stands in for is exact and cheap to measure
// for a few units: the expected loss is linear in each theta_k, so
//
//   dE[L]/dtheta_k = Delta_k = E[L | xi_k = 1] - E[L | xi_k = 0],
//
// the expectation over the other gates (xi ~ Bernoulli(theta)) and fixed
// replay batches. The probe estimates Delta_k with paired runs: the same
// batch, the same draws of every other gate (the executors' generators are
// counter-based; theta_k forced to 1 and then 0 changes unit k's draw
// alone), the same policy noise. Beside it: the straight-through estimate on
// the same runs and the complexity penalty c_k the theta step adds. A unit
// the penalty outweighs (Delta_k + c_k > 0) is driven to theta 0.
//
// Losses are the ones whose straight-through gradients the theta step uses:
// OFENet's gates (family ofe) the auxiliary MSE, the policy's (family pi)
// the policy loss mean(alpha log pi(a|s) - min(Q1, Q2)(s, a)). Critic gates
// are not probed.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_GATEPROBE_H
#define OFEX_TRAIN_GATEPROBE_H

#include "ofex/rl/ReplayBuffer.h"
#include "ofex/train/Agent.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ofex::train {

struct ProbeOptions {
  /// Live units probed per gate group, spread over the group's theta range
  /// (lowest to highest); 0 probes every live unit.
  int64_t unitsPerGroup = 8;
  int64_t batches = 4; ///< replay batches (of the agent's batch size)
  int64_t draws = 4;   ///< draws of the other gates per batch
  /// Batch b of the pairs b * draws ... (b + 1) * draws - 1 is drawn by
  /// ReplayBuffer::sample from std::mt19937_64(seed); pair p's policy noise
  /// is the p-th batch x act_dim block of std::normal_distribution<float>
  /// draws from std::mt19937_64(seed + 1); its gate draws are counter p of
  /// the probe's own executors.
  uint64_t seed = 0;
};

struct ProbeRow {
  std::string group;
  int64_t unit = 0;
  double theta = 0;
  /// Delta_k and its standard error over the batches x draws pairs.
  double delta = 0, deltaStderr = 0;
  /// The straight-through dL/dxi_k at sampled gates (theta_k as it is),
  /// mean and standard error over the same runs.
  double straightThrough = 0, straightThroughStderr = 0;
  double penalty = 0; ///< c_k at the current theta
};

/// Probes the agent's gates on batches drawn from `replay`. The agent's
/// state is left as it was (theta_k is restored after each unit).
std::vector<ProbeRow> probeGates(Agent &agent, const rl::ReplayBuffer &replay,
                                 const ProbeOptions &options);

/// The rows as gate-probe.csv (one header line, one line per row).
std::string gateProbeCsv(const std::vector<ProbeRow> &rows);

} // namespace ofex::train

#endif // OFEX_TRAIN_GATEPROBE_H
