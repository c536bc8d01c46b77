//===- CompiledNetworks.h - an agent's compiled functions, by role -*- C++
//-*-===//
//
// Every function a SAC (+ OFENet) agent runs, compiled from its model by the
// ofex-sac-ofe-pipeline (and the deployment's own pipeline for the shipped
// policy) and resolved once, by role, when they are built: the learners ask
// for `ofeStep()` or `q1Step()`, not for a name in a map. The names stay for
// what is keyed by them (the checkpoint's executor counters, the benchmark's
// profile):
//
//   act          phi_o -> pi forward, batch 1 (exploration)
//   policy       the shipped policy (deploy gates), batch 1
//   policy.other the same policy with the gates treated the other way
//   theta        the theta step (pruning runs)
//   ofe.step     phi_o -> phi_oa -> aux, MSE to o_{t+1}, backward, Adam
//   feat.forward phi_o -> phi_oa forward: z_o, z_oa of (o, a)
//   zo.forward   phi_o of o'; zoa.forward: phi_oa of (z_o', a')
//   pi.forward   policy forward (v2's targets); pi.fwd saves for pi.step
//   q1.step      critic MSE to the Bellman target, backward, Adam (q2 alike)
//   qa.grad      the critics of (z_o, a) and the gradient in a, in one run
//   q1t, q2t     target critics forward (v2); vt: V's target (v1)
//   v.step       SAC v1's value network update
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_COMPILEDNETWORKS_H
#define OFEX_TRAIN_COMPILEDNETWORKS_H

#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Transforms/DeadUnits.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ofex::train {

class CompiledNetworks {
public:
  /// Compiles `model` with `pipeline`'s options (not const: MLIR 16 prints
  /// pass options through a non-const call) against `state` (every
  /// function binds its state there). Each function's gate draws are seeded
  /// from `seed` by its position. `previous`, the functions of an earlier
  /// compilation of the same run (before an elimination), hands over its
  /// executors' counters (Adam's t, Bernoulli draws). Throws
  /// std::runtime_error when a stage of the compilation fails.
  /// `precision` is the update functions' (the policy's forward passes for
  /// acting and evaluation stay fp32, as the shipped policy computes).
  CompiledNetworks(mlir::ModuleOp model, SacOfePipelineOptions &pipeline,
                   DeployGates deployGates, uint64_t seed,
                   rt::StateStore &state, exec::Precision precision,
                   const CompiledNetworks *previous = nullptr);

  rt::CompiledFunction &act() { return need(act_, "act"); }
  rt::CompiledFunction &policy() { return need(policy_, "policy"); }
  rt::CompiledFunction &policyOther() {
    return need(policyOther_, "policy.other");
  }
  rt::CompiledFunction &theta() { return need(theta_, "theta"); }
  rt::CompiledFunction &ofeStep() { return need(ofeStep_, "ofe.step"); }
  rt::CompiledFunction &features() { return need(features_, "feat.forward"); }
  rt::CompiledFunction &nextFeatures() { return need(zo_, "zo.forward"); }
  rt::CompiledFunction &nextPairFeatures() { return need(zoa_, "zoa.forward"); }
  rt::CompiledFunction &piForward() { return need(piForward_, "pi.forward"); }
  rt::CompiledFunction &piSaved() { return need(piFwd_, "pi.fwd"); }
  rt::CompiledFunction &piStep() { return need(piStep_, "pi.step"); }
  rt::CompiledFunction &q1Step() { return need(q1Step_, "q1.step"); }
  rt::CompiledFunction &q2Step() { return need(q2Step_, "q2.step"); }
  rt::CompiledFunction &qaGrad() { return need(qaGrad_, "qa.grad"); }
  rt::CompiledFunction &vStep() { return need(vStep_, "v.step"); }
  rt::CompiledFunction &q1Target() { return need(q1Target_, "q1t"); }
  rt::CompiledFunction &q2Target() { return need(q2Target_, "q2t"); }
  rt::CompiledFunction &vTarget() { return need(vTarget_, "vt"); }

  /// The functions whose straight-through gate gradients (results d:xi:*)
  /// feed the theta step, and those that return the gates' draws (xi:*, or
  /// pi.fwd's saved:xi:*), each present in this model.
  std::vector<rt::CompiledFunction *> gateGradientSources();
  std::vector<rt::CompiledFunction *> gateDrawSources();

  /// Every function by name, for counters and profiles.
  std::vector<std::pair<std::string, exec::Executor *>> executors();
  /// Whether the function named `name` runs in an update (not acting,
  /// evaluating or the deployment's other mode).
  static bool isUpdateFunction(const std::string &name);
  /// Matmul FLOPs of one OFENet update plus one SAC update.
  double flopsPerUpdate() const;
  /// The pipeline's IR after its stages (train.ofex.mlir, train.dnnl.mlir)
  /// and the pipeline itself (pipeline.txt).
  const std::map<std::string, std::string> &irFiles() const { return ir; }

private:
  using Rename = rt::CompiledFunction::Rename;
  /// Runs the pipeline on a copy of `model`; the lowered copy stays (the
  /// compiled functions refer to it while they are built).
  mlir::OwningOpRef<mlir::ModuleOp>
  runPipeline(mlir::ModuleOp model, SacOfePipelineOptions &pipeline);
  /// The shipped policy and (pruning runs) its other gate mode.
  void compileDeployments(mlir::ModuleOp model, bool prune,
                          DeployGates deployGates);
  rt::CompiledFunction *add(const std::string &key, mlir::ModuleOp from,
                            const std::string &func,
                            const Rename &rename = nullptr);
  rt::CompiledFunction *find(const std::string &key) const;
  void resolveRoles();
  static rt::CompiledFunction &need(rt::CompiledFunction *f, const char *role);

  rt::StateStore &state;
  exec::Precision precision;
  uint64_t nextSeed;
  const CompiledNetworks *previous;
  mlir::OwningOpRef<mlir::ModuleOp> policyModule, otherPolicyModule;
  std::map<std::string, std::unique_ptr<rt::CompiledFunction>> fns;
  std::map<std::string, std::string> ir;
  rt::CompiledFunction *act_ = nullptr, *policy_ = nullptr,
                       *policyOther_ = nullptr, *theta_ = nullptr,
                       *ofeStep_ = nullptr, *features_ = nullptr,
                       *zo_ = nullptr, *zoa_ = nullptr, *piForward_ = nullptr,
                       *piFwd_ = nullptr, *piStep_ = nullptr,
                       *q1Step_ = nullptr, *q2Step_ = nullptr,
                       *qaGrad_ = nullptr, *vStep_ = nullptr,
                       *q1Target_ = nullptr, *q2Target_ = nullptr,
                       *vTarget_ = nullptr;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_COMPILEDNETWORKS_H
