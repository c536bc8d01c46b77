//===- Compile.cpp - training graphs to executable dnnl functions ---------===//

#include "ofex/Pipelines/Compile.h"
#include "ofex/Pipelines/SacOfePipeline.h"

#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace ofex {

OwningOpRef<ModuleOp> compileFunctions(ModuleOp module,
                                       const std::vector<std::string> &names,
                                       int64_t batch) {
  OwningOpRef<ModuleOp> out = module.clone();
  PassManager pm(module.getContext());
  buildLowerToDnnl(pm, names, batch);
  if (failed(pm.run(*out)))
    return nullptr;
  return out;
}

OwningOpRef<ModuleOp> compilePolicy(ModuleOp deployment) {
  OwningOpRef<ModuleOp> out = deployment.clone();
  PassManager pm(deployment.getContext());
  buildDeployPolicyPipeline(pm);
  if (failed(pm.run(*out)))
    return nullptr;
  return out;
}

} // namespace ofex
