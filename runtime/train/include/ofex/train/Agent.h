//===- Agent.h - SAC (+ OFENet) on compiled networks ------------*- C++ -*-===//
//
// The agent builds its networks with the compiler (a preset), compiles every
// function an update needs to oneDNN plans, and composes the SAC update from
// them with the small glue of ofex_rl (tanh-Gaussian sampling, Bellman
// targets, the temperature, Polyak averaging):
//
//   act        phi_o -> pi forward, batch 1
//   ofe.step   phi_o -> phi_oa -> aux, MSE to o_{t+1}, backward, Adam
//   feat       phi_o -> phi_oa forward: z_o, z_oa of (o, a)
//   zo, zoa    phi_o of o'; phi_oa of (z_o', a')  (the critic targets)
//   pi         policy forward; pi.step: backward from the glue's cotangents
//   q1t, q2t   target critics forward (state renamed to target:<param>)
//   q1.step    critic MSE to the Bellman target, backward, Adam (q2 alike)
//   qa.grad    min(Q1, Q2) of (z_o, a) through phi_oa and the critics, and
//              its gradient in a, in one run
//
// SAC v1 (the original, which the OFENet reference code runs) replaces the
// target critics and the temperature: v.step fits the state-value network
// V(z_o) to min(Q1, Q2) - log pi at a fresh action, vt (its Polyak target)
// gives the critics' targets scale * r + gamma * V'(z_o'), qa.grad returns
// Q1 and Q2 with the gradient of Q1 alone, and the temperature stays 1.
//
// Without OFENet (preset sac) the features are o itself.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_AGENT_H
#define OFEX_TRAIN_AGENT_H

#include "ofex/Analysis/Complexity.h"
#include "ofex/Export/Onnx.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Transforms/DeadUnits.h"
#include "ofex/rl/Temperature.h"
#include "ofex/rt/CompiledFunction.h"
#include "ofex/train/Saveable.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ofex::train {

/// Online pruning: the theta step and its complexity-aware penalties.
struct PruneOptions {
  bool enabled = false;
  Coefficients coefficients; ///< nu per family and rho
  double thetaLr = 1.0;
  double thetaTol = 0.1;
  /// The theta gradient's estimator. 0: straight-through, dL/dxi at every
  /// Bernoulli draw. q in (0, 1]: the relaxed estimator, where each unit's
  /// gate is, with probability q, drawn uniform in (0, 1) instead, and only
  /// those draws move theta, by dL/dxi / q: over the uniform draw that
  /// averages to L(xi = 1) - L(xi = 0), the exact theta gradient of the
  /// expected loss, which the straight-through slope at xi = 1 underrates.
  double relax = 0.0;
  /// b in [0, 1): the theta step follows m = b m + (1 - b) (g + c) instead
  /// of each step's g + c (ThetaStepOp's momentum); 0: each step's.
  double momentum = 0.0;
  /// coefficients.kind == Time: the layers' measured times, and the name
  /// errors give it (the file it came from).
  std::optional<CostTable> costTable;
  std::string costTableName;
};

/// Readies a cost model for the penalties of `prune`: with the time cost, the
/// table's times; throws std::invalid_argument naming the table when it
/// lacks a layer of the model or, for a model not pruned yet (`unpruned`),
/// was measured at other widths.
void applyCostOptions(CostModel &cost, const PruneOptions &prune,
                      bool unpruned);

/// Which SAC: v2 (twin critics with targets, a learned temperature) or v1
/// (a state-value network with a target, temperature 1, scaled rewards).
enum class SacVariant { V2, V1 };

struct AgentOptions {
  std::string preset = "sac"; ///< sac | ofe-small | ofe-big (prune-*: ofe-big)
  TaskDims task;
  int64_t ofeLayers = 0, ofeUnits = 0; ///< 0: the preset's
  int64_t hidden = 256;
  std::string norm = kDefaultNorm;
  int64_t batch = 256;
  double lr = 3e-4, gamma = 0.99, tau = 0.005;
  SacVariant sac = SacVariant::V2;
  double rewardScale = 1.0; ///< on rewards in the critics' targets
  uint64_t seed = 0;
  PruneOptions prune;
  /// How the shipped policy (deterministic actions, evaluation, deploy
  /// files) treats the gates: removed (survivors at xi = 1) or at their
  /// expectation (xi = theta, a fixed per-unit scale).
  DeployGates deployGates = DeployGates::Remove;
  /// When set, the (pruned) model to start from instead of the preset's: a
  /// resumed run rebuilds the model its checkpoint was taken with.
  std::string modelText;
};

/// Sizes of the current (possibly pruned) model.
struct ModelStats {
  int64_t deployParams = 0, trainParams = 0;
  std::map<std::string, int64_t> networkParams;
  /// Units per gate group that are not pruned (theta > 0); groups whose
  /// layer was removed have 0.
  std::map<std::string, int64_t> activeUnits;
  /// Fraction of the live units with theta strictly in (0.1, 0.9).
  double thetaUndecided = 0;
  /// Live units (theta > 0) by theta in [0, 0.1), [0.1, 0.2), ... [0.9, 1].
  std::vector<int64_t> thetaHistogram = std::vector<int64_t>(10, 0);
};

/// A sampled batch of transitions, row-major.
struct Batch {
  const float *obs, *act, *reward, *nextObs, *terminated;
};

/// How the theta step's two forces compared in one gate group since the last
/// takeGateBalance(): the straight-through gradient g (negative: the loss
/// wants the unit) against the complexity penalty c (always >= 0). A unit
/// whose mean g + c stays > 0 is driven to theta 0.
struct GateBalance {
  std::string group;
  int64_t live = 0;    ///< units with theta > 0
  int64_t steps = 0;   ///< theta steps averaged over
  double theta = 0;    ///< mean theta of the live units (now)
  double g = 0, c = 0; ///< mean over live units and steps
  double keep = 0;     ///< fraction of live units with mean g + c < 0
};

struct SacLosses {
  float q1 = 0, q2 = 0, pi = 0, alpha = 0, alphaValue = 0, entropy = 0;
  float v = 0; ///< SAC v1's value loss
};

class Agent : public Saveable {
public:
  explicit Agent(const AgentOptions &options);
  ~Agent() override;

  /// The agent's part of a checkpoint (AgentCheckpoint.cpp): its model's IR
  /// and cost table, every state tensor, the temperature, the executors'
  /// counters and gates.csv's running sums. A warm start checks that the
  /// source has this model's arrays at their sizes and starts its own
  /// gate intervals.
  void save(rl::Checkpoint &checkpoint) const override;
  void restore(const rl::Checkpoint &checkpoint, Restore mode) override;

  bool hasOfe() const { return ofe; }
  /// An action in [-1, 1]^act_dim: tanh(mean) when deterministic, else a
  /// sample of the tanh-Gaussian with noise from `rng`.
  void act(const float *obs, float *action, bool deterministic,
           std::mt19937_64 &rng);
  /// Pruning runs: the deterministic action of the policy with its gates
  /// treated the other way than the shipped policy treats them (removed
  /// when it keeps them at their expectation, and the reverse): what the
  /// choice changes.
  void actOtherDeployment(const float *obs, float *action);
  /// One OFENet auxiliary update; returns the loss before the step.
  float updateOfe(const Batch &b);
  /// One SAC update (critics, policy, temperature or value network,
  /// targets).
  SacLosses updateSac(const Batch &b, std::mt19937_64 &rng);
  bool isSacV1() const { return opts.sac == SacVariant::V1; }

  /// One projected step on every theta: clip(theta - lr (g + c), 0, 1) with
  /// g the straight-through gradients dL/dxi of the last updates (OFENet's
  /// gates from the auxiliary loss, pi's from the policy loss, the critics'
  /// from their losses) and c the penalties of the compiler's cost model at
  /// the current theta; a unit whose theta falls below theta_tol is pruned
  /// (theta fixed at 0).
  void thetaStep();
  /// Removes the units whose theta is 0 from the model, carries weights,
  /// Adam moments, target copies, theta and the executors' counters over,
  /// and recompiles. Returns what was removed (nothing when no unit is dead).
  PruneResult prune();
  /// The gate balance of every group since the last call (or the last
  /// elimination, which renumbers units), then starts a new interval.
  /// Empty when no theta step ran in the interval.
  std::vector<GateBalance> takeGateBalance();
  ModelStats stats() const;
  /// The pruned model's IR, and the deployment networks alone (phi_o and pi,
  /// gates removed or at their expectation, with theta's values) with the
  /// names of their params (and batch norms' running statistics, and in
  /// expectation mode theta).
  std::string modelIR() const;
  std::string deployIR() const;
  /// The deployment as an ONNX model (ofex/Export/Onnx.h).
  std::string deployOnnx(const OnnxOptions &options) const;
  std::vector<std::string> deployParams() const;

  rt::StateStore &store() { return state; }
  rl::Temperature &temperature() { return *temp; }
  /// Executors whose counters (Adam t, Bernoulli draws) a checkpoint keeps.
  std::vector<std::pair<std::string, exec::Executor *>> executors();
  /// The IR of the model and of every compiled function, by name.
  std::map<std::string, std::string> irFiles() const { return ir; }
  /// Whether the function of executors() named `name` runs in an update
  /// (not acting, evaluating or the deployment's other mode).
  static bool isUpdateFunction(const std::string &name);
  /// Matmul FLOPs of one OFENet update plus one SAC update.
  double flopsPerUpdate() const;
  const AgentOptions &options() const { return opts; }

private:
  /// tanh(mean) of a compiled policy's first output for one observation.
  void meanAction(rt::CompiledFunction &policy, const float *obs, float *out);
  /// Builds the training pipeline (ofex-sac-ofe-pipeline), lowers it and
  /// resolves its functions; counters survive a recompilation.
  void compile();
  void pipelineOptions(SacOfePipelineOptions &options) const;
  void buildModel();
  /// The deployment networks with the state's theta in the IR.
  mlir::OwningOpRef<mlir::ModuleOp> deployModule() const;
  rt::CompiledFunction &fn(const std::string &name) { return *fns.at(name); }

  AgentOptions opts;
  bool ofe = false;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> model; ///< networks and their wiring
  mlir::OwningOpRef<mlir::ModuleOp> policyModule, otherPolicyModule;
  std::unique_ptr<CostModel> cost;
  rt::StateStore state;
  std::unique_ptr<rl::Temperature> temp;
  std::map<std::string, std::unique_ptr<rt::CompiledFunction>> fns;
  std::map<std::string, std::string> ir;
  /// The params with Polyak targets ("target:<name>"): the critics' (v2)
  /// or the value network's (v1).
  std::vector<std::string> targetParams;
  int64_t zoDim = 0, zoaDim = 0, targetDim = 0;
  // Batch scratch, allocated once.
  std::vector<float> noise, mean, logStd, action, logProb, qMin, y, ones, dMean,
      dLogStd, target, zo, zoa, one, thetaFlat, penalty, zeros, relaxedGrad,
      reward, zerosB;
  /// The running sums behind takeGateBalance, per unit in the cost model's
  /// order, over the theta steps of the current interval: a checkpoint
  /// keeps them, so that the interval a resume falls in reports what it
  /// would have without the stop.
  struct BalanceSums {
    std::vector<double> g, c;
    int64_t steps = 0;
  };
  BalanceSums sums;
  /// Whether prune() has rewritten the preset's model.
  bool eliminated = false;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_AGENT_H
