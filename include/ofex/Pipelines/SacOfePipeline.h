//===- SacOfePipeline.h - the training pipeline ofex-train runs -*- C++ -*-===//
//
// One named pipeline turns a model (networks and their wiring) into the
// functions SAC + OFENet training executes, lowered to oneDNN:
//
//   act.forward   phi_o -> pi (or pi), one observation        (acting)
//   theta.update  one theta step per gate group                (pruning)
//   ofe.step      phi_o -> phi_oa -> aux, MSE on o_{t+1}, Adam, running stats
//   feat.forward, zo.forward, zoa.forward  the features        (OFENet)
//   pi.forward    the policy on the next observations         (v2 targets)
//   pi.fwd, pi.step  the policy's forward (saving what its backward reads),
//                 then its gradient from the SAC loss's cotangents, Adam
//   q1.forward, q2.forward  the critics (their Polyak targets: renamed state)
//   q1.step, q2.step  MSE on the Bellman target, Adam
//   qa.grad       min(Q1, Q2) (v1: Q1) and its gradient in the action
//   v.forward, v.step  SAC v1's value network and its update
//
// ofex-train (Agent::compile) and `ofexc --emit=grad|dnnl` both run it;
// `ofex-opt --ofex-sac-ofe-pipeline="..."` runs it on any model, and
// ofex-train writes the options it ran with to ir/pipeline.txt.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_PIPELINES_SACOFEPIPELINE_H
#define OFEX_PIPELINES_SACOFEPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>
#include <vector>

namespace ofex {

struct SacOfePipelineOptions
    : public mlir::PassPipelineOptions<SacOfePipelineOptions> {
  Option<bool> ofe{*this, "ofe",
                   llvm::cl::desc("the model has OFENet (phi_o, phi_oa, aux)"),
                   llvm::cl::init(true)};
  Option<bool> valueNetwork{
      *this, "value-network",
      llvm::cl::desc("SAC v1: the model has a state-value network v"),
      llvm::cl::init(false)};
  Option<double> lr{*this, "lr", llvm::cl::desc("Adam's learning rate"),
                    llvm::cl::init(3e-4)};
  Option<bool> prune{*this, "prune",
                     llvm::cl::desc("build the theta step (theta.update)"),
                     llvm::cl::init(false)};
  Option<double> relax{
      *this, "relax",
      llvm::cl::desc("with prune: the updates' gate draws are relaxed with "
                     "this probability (0: plain Bernoulli draws)"),
      llvm::cl::init(0.0)};
  Option<double> thetaLr{*this, "theta-lr", llvm::cl::desc("theta's step size"),
                         llvm::cl::init(0.1)};
  Option<double> thetaTol{*this, "theta-tol",
                          llvm::cl::desc("theta below which a unit is dead"),
                          llvm::cl::init(0.1)};
  Option<double> thetaMomentum{
      *this, "theta-momentum",
      llvm::cl::desc("momentum of the theta step (0: none)"),
      llvm::cl::init(0.0)};
  Option<double> statsMomentum{
      *this, "stats-momentum",
      llvm::cl::desc("momentum of the batch norms' running statistics"),
      llvm::cl::init(0.01)};
  Option<int64_t> batch{*this, "batch",
                        llvm::cl::desc("rows of a training batch"),
                        llvm::cl::init(256)};
  Option<bool> lower{
      *this, "lower",
      llvm::cl::desc("lower to oneDNN (false: stop at the training graphs)"),
      llvm::cl::init(true)};
};

/// The functions the pipeline leaves, in the order the runtime seeds their
/// gate draws: act.forward, theta.update (with prune), then the update's.
std::vector<std::string> sacOfeFunctions(const SacOfePipelineOptions &options);
/// The update's functions alone (those lowered at `batch` rows).
std::vector<std::string>
sacOfeUpdateFunctions(const SacOfePipelineOptions &options);

/// The training graphs (ofex ops), then unless !options.lower their lowering:
/// ofex-keep-functions, lower-ofex-to-dnnl, cse, ofex-plan-buffers.
void buildSacOfePipeline(mlir::OpPassManager &pm,
                         const SacOfePipelineOptions &options);
void buildSacOfeTrainingGraphs(mlir::OpPassManager &pm,
                               const SacOfePipelineOptions &options);
/// Keeps `functions` (in that order), lowers them at `batch` rows.
void buildLowerToDnnl(mlir::OpPassManager &pm,
                      const std::vector<std::string> &functions, int64_t batch);

/// Extracts the chain `name` of `networks` (all when empty; every output with
/// allOutputs; lowered at `rows` when positive). Only the OFENet update trains
/// batch norms (`training`: batch statistics); every other function
/// normalises with the running statistics, as the reference code's feature
/// extraction does.
void addChain(mlir::OpPassManager &pm, const std::vector<std::string> &networks,
              const std::string &name, bool training = false,
              bool allOutputs = false, int64_t rows = 0);

/// Generates `name`, the critics' side of the policy loss, from `chain` (the
/// twin critics, through phi_oa with OFENet; inputs z_o and a), with its
/// gradient in the action alone. twinMinimum (v2): one result, min(Q1, Q2)
/// ("d:input:1"; cotangent:0 ones). Otherwise (v1): Q1 and Q2, with the
/// gradient of cotangent:0 * Q1 + cotangent:1 * Q2 in a (ones and zeros: the
/// v1 policy loss reads Q1 alone, its value target both).
void addPolicyCriticGrad(mlir::OpPassManager &pm, const std::string &chain,
                         const std::string &name, bool twinMinimum);

/// The deployed policy: every network of a deployment model chained as
/// policy.forward, batch norms on their running statistics, lowered at one
/// row.
void buildDeployPolicyPipeline(mlir::OpPassManager &pm);

/// Registers ofex-sac-ofe-pipeline and ofex-deploy-policy-pipeline.
void registerOfexPipelines();

} // namespace ofex

#endif // OFEX_PIPELINES_SACOFEPIPELINE_H
