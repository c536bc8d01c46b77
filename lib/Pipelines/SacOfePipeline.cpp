//===- SacOfePipeline.cpp - the training pipeline ofex-train runs ---------===//

#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace ofex {
namespace {

/// Adds the passes of one function at a time; names say what each step is.
class Builder {
public:
  Builder(OpPassManager &pm, const SacOfePipelineOptions &o) : pm(pm), o(o) {}

  void chain(const std::vector<std::string> &networks, const std::string &name,
             bool allOutputs = false, bool training = false, int64_t rows = 0) {
    addChain(pm, networks, name, training, allOutputs, rows);
  }

  /// The functions whose dL/dxi moves theta draw their gates relaxed (the
  /// relaxed estimator); the others keep plain Bernoulli draws.
  void relaxed(const std::string &func) {
    if (relax() > 0)
      pm.addPass(createRelaxGateDraws({func, relax()}));
  }

  /// The training step `step` of `forward`: param gradients, then Adam.
  void step(const std::string &forward, const std::string &step,
            const std::string &loss, const std::string &savedForward = "") {
    DifferentiateOptions d;
    d.func = forward;
    d.gradName = step;
    d.loss = loss;
    d.inputGrads = false;
    d.savedForward = savedForward;
    pm.addPass(createDifferentiate(d));
    pm.addPass(createAppendAdam({step, o.lr, 0.9, 0.999, 1e-8}));
  }

  /// The update of network `net` (pi, q1, q2, v) from its forward chain, or
  /// with the relaxed estimator from a copy whose draws are relaxed (the
  /// targets' forward passes keep plain draws).
  void networkStep(const std::string &net, const std::string &loss,
                   const std::string &savedForward = "") {
    std::string forward = net + ".forward";
    chain({net}, forward);
    if (relax() > 0) {
      forward = net + ".train";
      chain({net}, forward);
      relaxed(forward);
    }
    step(forward, net + ".step", loss, savedForward);
  }

  void build() {
    if (o.ofe) {
      chain({"phi_o", "pi"}, "act.forward", false, false, 1);
      chain({"phi_o", "phi_oa", "aux"}, "ofe.forward", false, true);
      relaxed("ofe.forward");
      step("ofe.forward", "ofe.step", "mse");
      pm.addPass(createAppendRunningStatUpdates({"ofe.step", o.statsMomentum}));
      chain({"phi_o", "phi_oa"}, "feat.forward", /*allOutputs=*/true);
      chain({"phi_o"}, "zo.forward");
      chain({"phi_oa"}, "zoa.forward");
    } else {
      chain({"pi"}, "act.forward", false, false, 1);
    }
    // The policy update runs pi.fwd (outputs and saved activations), computes
    // the cotangents from its outputs, then pi.step without recomputing the
    // forward pass; the targets' pi.forward (v2) keeps its fused layers.
    networkStep("pi", "none", "pi.fwd");
    networkStep("q1", "mse");
    networkStep("q2", "mse");
    if (o.valueNetwork)
      networkStep("v", "mse");
    // The critics' side of the policy loss: v2 min(Q1, Q2), v1 Q1 and Q2.
    std::vector<std::string> qa = {"q1", "q2"};
    if (o.ofe)
      qa.insert(qa.begin(), "phi_oa");
    chain(qa, "qa.forward");
    addPolicyCriticGrad(pm, "qa.forward", "qa.grad", !o.valueNetwork);
    if (o.prune)
      pm.addPass(createBuildThetaUpdate(
          {"theta.update", o.thetaLr, o.thetaTol, o.thetaMomentum}));
  }

private:
  double relax() const { return o.prune ? o.relax : 0.0; }

  OpPassManager &pm;
  const SacOfePipelineOptions &o;
};

} // namespace

void addChain(OpPassManager &pm, const std::vector<std::string> &networks,
              const std::string &name, bool training, bool allOutputs,
              int64_t rows) {
  ExtractChainOptions c;
  c.networks = networks;
  c.name = name;
  c.allOutputs = allOutputs;
  c.rows = rows;
  pm.addPass(createExtractChain(c));
  if (!training)
    pm.addPass(createUseRunningStats({name}));
}

void addPolicyCriticGrad(OpPassManager &pm, const std::string &chain,
                         const std::string &name, bool twinMinimum) {
  if (twinMinimum)
    pm.addPass(createReturnTwinMinimum({chain}));
  DifferentiateOptions d;
  d.func = chain;
  d.gradName = name;
  d.wrtLastInput = true;
  d.paramGrads = false;
  pm.addPass(createDifferentiate(d));
}

std::vector<std::string> sacOfeUpdateFunctions(const SacOfePipelineOptions &o) {
  std::vector<std::string> fns;
  if (o.ofe)
    fns = {"ofe.step", "feat.forward", "zo.forward", "zoa.forward"};
  // In this order: each function's gate draws are seeded by its position.
  // v2's targets run pi.forward and the critics' forward passes; v1's, V's.
  if (o.valueNetwork)
    fns.insert(fns.end(), {"pi.fwd", "pi.step", "q1.step", "q2.step", "qa.grad",
                           "v.forward", "v.step"});
  else
    fns.insert(fns.end(), {"pi.forward", "pi.fwd", "pi.step", "q1.forward",
                           "q2.forward", "q1.step", "q2.step", "qa.grad"});
  return fns;
}

std::vector<std::string> sacOfeFunctions(const SacOfePipelineOptions &o) {
  std::vector<std::string> fns = {"act.forward"};
  if (o.prune)
    fns.push_back("theta.update");
  for (std::string &f : sacOfeUpdateFunctions(o))
    fns.push_back(std::move(f));
  return fns;
}

void buildSacOfeTrainingGraphs(OpPassManager &pm,
                               const SacOfePipelineOptions &options) {
  Builder(pm, options).build();
}

void buildLowerToDnnl(OpPassManager &pm,
                      const std::vector<std::string> &functions,
                      int64_t batch) {
  KeepFunctionsOptions keep;
  keep.names = functions;
  pm.addPass(createKeepFunctions(keep));
  pm.addPass(createLowerOfexToDnnl({batch}));
  pm.addPass(createCSEPass());
  pm.addPass(createPlanBuffers());
}

void buildSacOfePipeline(OpPassManager &pm,
                         const SacOfePipelineOptions &options) {
  buildSacOfeTrainingGraphs(pm, options);
  if (options.lower)
    buildLowerToDnnl(pm, sacOfeFunctions(options), options.batch);
}

void buildDeployPolicyPipeline(OpPassManager &pm) {
  addChain(pm, {}, "policy.forward");
  // A deployed policy acts on one observation at a time.
  buildLowerToDnnl(pm, {"policy.forward"}, 1);
}

void registerOfexPipelines() {
  PassPipelineRegistration<SacOfePipelineOptions>(
      "ofex-sac-ofe-pipeline",
      "the functions SAC + OFENet training executes, from a model (what "
      "ofex-train runs; its ir/pipeline.txt holds the options)",
      buildSacOfePipeline);
  PassPipelineRegistration<>("ofex-deploy-policy-pipeline",
                             "a deployment model's policy, lowered at one row",
                             buildDeployPolicyPipeline);
}

} // namespace ofex
