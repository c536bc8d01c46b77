//===- Compile.cpp - training graphs to executable dnnl functions ---------===//

#include "ofex/Pipelines/Compile.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"
#include "ofex/Transforms/RunningStats.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace ofex {

OwningOpRef<ModuleOp> compileFunctions(ModuleOp module,
                                       const std::vector<std::string> &names,
                                       int64_t batch) {
  OwningOpRef<ModuleOp> out = ModuleOp::create(module.getLoc());
  OpBuilder b(module.getContext());
  b.setInsertionPointToEnd(out->getBody());
  for (const std::string &name : names) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func) {
      module.emitError() << "no function '" << name << "' to compile";
      return nullptr;
    }
    b.clone(*func);
  }
  PassManager pm(module.getContext());
  LowerOfexToDnnlOptions options;
  options.batch = batch;
  pm.addPass(createLowerOfexToDnnl(options));
  pm.addPass(createCSEPass());
  pm.addPass(createPlanBuffers());
  if (failed(pm.run(*out)))
    return nullptr;
  return out;
}

OwningOpRef<ModuleOp> compilePolicy(ModuleOp deployment) {
  OwningOpRef<ModuleOp> work = deployment.clone();
  auto chain = buildChain(*work, {}, "policy.forward");
  if (failed(chain))
    return nullptr;
  // A deployed policy acts on one observation at a time.
  useRunningStats(*chain);
  return compileFunctions(*work, {"policy.forward"}, 1);
}

} // namespace ofex
