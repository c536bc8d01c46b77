//===- CompiledNetworks.cpp - an agent's compiled functions, by role ------===//

#include "ofex/train/CompiledNetworks.h"

#include "ofex/Pipelines/Compile.h"
#include "ofex/Support/ModuleIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <stdexcept>

using namespace mlir;

namespace ofex::train {

CompiledNetworks::CompiledNetworks(ModuleOp model,
                                   SacOfePipelineOptions &pipeline,
                                   DeployGates deployGates, uint64_t seed,
                                   rt::StateStore &state,
                                   exec::Precision precision,
                                   const CompiledNetworks *previous)
    : state(state), precision(precision), nextSeed(seed), previous(previous) {
  OwningOpRef<ModuleOp> work = runPipeline(model, pipeline);
  // In this order: each function's gate draws are seeded by its position.
  add("act", *work, "act.forward");
  if (pipeline.prune)
    add("theta", *work, "theta.update");
  compileDeployments(model, pipeline.prune, deployGates);
  for (const std::string &f : sacOfeUpdateFunctions(pipeline))
    add(f, *work, f);
  // The target networks: the same functions on the params' Polyak copies.
  auto toTarget = [](const std::string &n) {
    return n.rfind("theta:", 0) == 0 ? n : "target:" + n;
  };
  if (pipeline.valueNetwork) {
    add("vt", *work, "v.forward", toTarget);
  } else {
    add("q1t", *work, "q1.forward", toTarget);
    add("q2t", *work, "q2.forward", toTarget);
  }
  this->previous = nullptr;
  resolveRoles();
  // pi.step reads the values pi.fwd saves where pi.fwd keeps them (its
  // result buffers persist across runs): bound once per compilation.
  for (const std::string &r : piSaved().resultNames())
    if (r.rfind("saved:", 0) == 0)
      piStep().bindArg(r, const_cast<float *>(piSaved().result(r)));
}

OwningOpRef<ModuleOp>
CompiledNetworks::runPipeline(ModuleOp model, SacOfePipelineOptions &pipeline) {
  OwningOpRef<ModuleOp> work = model.clone();
  MLIRContext *context = model.getContext();
  PassManager graphs(context), lowering(context);
  buildSacOfeTrainingGraphs(graphs, pipeline);
  buildLowerToDnnl(lowering, sacOfeFunctions(pipeline), pipeline.batch);
  if (failed(graphs.run(*work)))
    throw std::runtime_error("building the training graphs failed");
  ir["train.ofex.mlir"] = printIR(*work) + "\n";
  if (failed(lowering.run(*work)))
    throw std::runtime_error("lowering to oneDNN failed");
  ir["train.dnnl.mlir"] = printIR(*work) + "\n";
  std::string text;
  llvm::raw_string_ostream os(text);
  pipeline.print(os);
  // What `ofex-opt --pass-pipeline=...` runs on ir/model.mlir to print
  // train.dnnl.mlir.
  ir["pipeline.txt"] =
      "builtin.module(ofex-sac-ofe-pipeline" + os.str() + ")\n";
  return work;
}

void CompiledNetworks::compileDeployments(ModuleOp model, bool prune,
                                          DeployGates deployGates) {
  // Deterministic actions come from the deployment model: exactly what a
  // shipped policy computes.
  policyModule = compilePolicy(*exportDeployment(model, deployGates));
  if (!policyModule)
    throw std::runtime_error("compiling the deployment policy failed");
  add("policy", *policyModule, "policy.forward");
  if (!prune)
    return;
  // The same policy with the gates treated the other way: what the choice
  // changes (issue 17's mismatch).
  otherPolicyModule = compilePolicy(*exportDeployment(
      model, deployGates == DeployGates::Remove ? DeployGates::Expect
                                                : DeployGates::Remove));
  if (!otherPolicyModule)
    throw std::runtime_error("compiling the other deployment failed");
  add("policy.other", *otherPolicyModule, "policy.forward");
}

rt::CompiledFunction *CompiledNetworks::add(const std::string &key,
                                            ModuleOp from,
                                            const std::string &func,
                                            const Rename &rename) {
  auto f = from.lookupSymbol<func::FuncOp>(func);
  if (!f)
    throw std::runtime_error("the pipeline left no function " + func);
  const bool update = isUpdateFunction(key);
  auto compiled = std::make_unique<rt::CompiledFunction>(
      f, state, nextSeed++, rename, update ? precision : exec::Precision::F32);
  // Counters survive a recompilation.
  if (rt::CompiledFunction *before = previous ? previous->find(key) : nullptr) {
    compiled->exec().setAdamStep(before->exec().adamStep());
    compiled->exec().setSamplerCounter(before->exec().samplerCounter());
  }
  return (fns[key] = std::move(compiled)).get();
}

rt::CompiledFunction *CompiledNetworks::find(const std::string &key) const {
  auto it = fns.find(key);
  return it == fns.end() ? nullptr : it->second.get();
}

void CompiledNetworks::resolveRoles() {
  act_ = find("act");
  policy_ = find("policy");
  policyOther_ = find("policy.other");
  theta_ = find("theta");
  ofeStep_ = find("ofe.step");
  features_ = find("feat.forward");
  zo_ = find("zo.forward");
  zoa_ = find("zoa.forward");
  piForward_ = find("pi.forward");
  piFwd_ = find("pi.fwd");
  piStep_ = find("pi.step");
  q1Step_ = find("q1.step");
  q2Step_ = find("q2.step");
  qaGrad_ = find("qa.grad");
  vStep_ = find("v.step");
  q1Target_ = find("q1t");
  q2Target_ = find("q2t");
  vTarget_ = find("vt");
}

rt::CompiledFunction &CompiledNetworks::need(rt::CompiledFunction *f,
                                             const char *role) {
  if (!f)
    throw std::logic_error(std::string("the model has no compiled ") + role);
  return *f;
}

std::vector<rt::CompiledFunction *> CompiledNetworks::gateGradientSources() {
  std::vector<rt::CompiledFunction *> out;
  for (rt::CompiledFunction *f : {ofeStep_, q1Step_, q2Step_, vStep_, piStep_})
    if (f)
      out.push_back(f);
  return out;
}

std::vector<rt::CompiledFunction *> CompiledNetworks::gateDrawSources() {
  std::vector<rt::CompiledFunction *> out;
  for (rt::CompiledFunction *f : {ofeStep_, q1Step_, q2Step_, vStep_, piFwd_})
    if (f)
      out.push_back(f);
  return out;
}

std::vector<std::pair<std::string, exec::Executor *>>
CompiledNetworks::executors() {
  std::vector<std::pair<std::string, exec::Executor *>> out;
  for (auto &[name, f] : fns)
    out.push_back({name, &f->exec()});
  return out;
}

bool CompiledNetworks::isUpdateFunction(const std::string &name) {
  return name != "act" && name != "policy" && name != "policy.other" &&
         name != "q1.forward" && name != "q2.forward" && name != "v.forward";
}

double CompiledNetworks::flopsPerUpdate() const {
  double flops = 0;
  for (const auto &[name, f] : fns)
    if (isUpdateFunction(name))
      flops += f->matmulFlops();
  return flops;
}

} // namespace ofex::train
