//===- Agent.h - SAC (+ OFENet) on compiled networks ------------*- C++ -*-===//
//
// The agent builds its networks with the compiler (a preset) and composes
// its parts: CompiledNetworks (every function the ofex-sac-ofe-pipeline
// compiles, by role), OfeLearner (OFENet's auxiliary update), SacLearner
// (the SAC update, v1 or v2, with the temperature and the Polyak targets)
// and ThetaPruner (the theta step, gate statistics and the elimination of
// dead units). It owns what they share: the model's IR and the state store
// of every tensor (weights, Adam moments, targets, theta), and it acts.
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
#include "ofex/train/Batch.h"
#include "ofex/train/CompiledNetworks.h"
#include "ofex/train/OfeLearner.h"
#include "ofex/train/SacLearner.h"
#include "ofex/train/Saveable.h"
#include "ofex/train/ThetaPruner.h"

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
  /// The update's matmuls: fp32, or bf16 operands with fp32 accumulation
  /// (exec/Precision.h); acting and the shipped policy stay fp32.
  exec::Precision precision = exec::Precision::F32;
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

class Agent : public Saveable {
public:
  explicit Agent(const AgentOptions &options);
  ~Agent() override;

  /// The agent's part of a checkpoint (AgentCheckpoint.cpp): its model's IR
  /// and cost table, every state tensor and the executors' counters, and its
  /// parts' own entries (the temperature, gates.csv's running sums). A warm
  /// start checks that the source has this model's arrays at their sizes.
  void save(io::Checkpoint &checkpoint) const override;
  void restore(const io::Checkpoint &checkpoint, Restore mode) override;

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
  float updateOfe(const Batch &b) {
    return ofeLearner.update(nets->ofeStep(), b);
  }
  /// One SAC update (critics, policy, temperature or value network,
  /// targets).
  SacLosses updateSac(const Batch &b, std::mt19937_64 &rng) {
    return sac.update(*nets, state, b, rng);
  }
  bool isSacV1() const { return opts.sac == SacVariant::V1; }

  /// One projected step on every theta (ThetaPruner::step).
  void thetaStep() { pruner.step(*nets, state); }
  /// Removes the units whose theta is 0 from the model, carries weights,
  /// Adam moments, target copies, theta and the executors' counters over,
  /// and recompiles. Returns what was removed (nothing when no unit is dead).
  PruneResult prune();
  /// The gate balance of every group since the last call (or the last
  /// elimination, which renumbers units), then starts a new interval.
  /// Empty when no theta step ran in the interval.
  std::vector<GateBalance> takeGateBalance() {
    return pruner.takeGateBalance(state);
  }
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
  rl::Temperature &temperature() { return sac.temperature(); }
  /// Executors whose counters (Adam t, Bernoulli draws) a checkpoint keeps.
  std::vector<std::pair<std::string, exec::Executor *>> executors() {
    return nets->executors();
  }
  /// The IR of the model and of every compiled function, by name.
  std::map<std::string, std::string> irFiles() const;
  /// Whether the function of executors() named `name` runs in an update
  /// (not acting, evaluating or the deployment's other mode).
  static bool isUpdateFunction(const std::string &name) {
    return CompiledNetworks::isUpdateFunction(name);
  }
  /// Matmul FLOPs of one OFENet update plus one SAC update.
  double flopsPerUpdate() const { return nets->flopsPerUpdate(); }
  const AgentOptions &options() const { return opts; }

private:
  /// tanh(mean) of a compiled policy's first output for one observation.
  void meanAction(rt::CompiledFunction &policy, const float *obs, float *out);
  /// Compiles the model (again after an elimination: counters carry over).
  void compile();
  void pipelineOptions(SacOfePipelineOptions &options) const;
  void buildModel();
  /// The deployment networks with the state's theta in the IR.
  mlir::OwningOpRef<mlir::ModuleOp> deployModule() const;

  AgentOptions opts;
  bool ofe = false;
  mlir::MLIRContext context;               // outlives everything built in it
  mlir::OwningOpRef<mlir::ModuleOp> model; ///< networks and their wiring
  std::string presetIR;                    ///< the model as built
  rt::StateStore state;
  SacLearner sac;
  OfeLearner ofeLearner;
  ThetaPruner pruner;
  std::unique_ptr<CompiledNetworks> nets;
  /// Whether prune() has rewritten the preset's model.
  bool eliminated = false;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_AGENT_H
