//===- fuzz-ir.cpp - ofexc's paths on hostile IR --------------------------===//
//
// Text goes through what `ofexc FILE` does with it: the nesting bound, the
// parser and the verifiers; then, for a module they accept, every --emit
// (summary, cost, deploy, grad, dnnl) and --prune. Each either succeeds or
// fails with a diagnostic; a transformed module must still verify.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ofex/OfexDialect.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Reports/Reports.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/DeadUnits.h"
#include "ofex/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace mlir;

namespace {
bool verifies(Operation *op) { return succeeded(verify(op)); }
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  context.getOrLoadDialect<ofex::OfexDialect>();
  ofex::DiagnosticCollector diagnostics(context); // silence them
  std::string error;
  OwningOpRef<ModuleOp> module = ofex::parseModule(
      context,
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.mlir"),
      "fuzz.mlir", error);
  if (!module) {
    ofex::fuzz::require(!error.empty(), "a rejected module has a reason");
    return 0;
  }

  llvm::raw_null_ostream sink;
  ofex::printSummary(*module, /*json=*/false, sink);
  ofex::printSummary(*module, /*json=*/true, sink);
  (void)ofex::printCost(*module, ofex::Coefficients{}, /*json=*/true, sink);

  for (auto gates : {ofex::DeployGates::Remove, ofex::DeployGates::Expect}) {
    OwningOpRef<ModuleOp> deployed = ofex::exportDeployment(*module, gates);
    ofex::fuzz::require(deployed && verifies(*deployed),
                        "the deployment export verifies");
  }

  OwningOpRef<ModuleOp> pruned = module->clone();
  auto result = ofex::eliminateDeadUnits(*pruned, /*thetaTol=*/0.1);
  if (succeeded(result)) {
    ofex::fuzz::require(verifies(*pruned),
                        "dead-unit elimination leaves a valid module");
    ofex::printSummary(*pruned, /*json=*/true, sink, &*result);
  }

  // The training pipeline where the module has its networks; every model
  // has the chain of all its networks and that chain's gradient.
  OwningOpRef<ModuleOp> graphs = module->clone();
  ofex::SacOfePipelineOptions options;
  options.ofe = static_cast<bool>(graphs->lookupSymbol("phi_o"));
  options.valueNetwork = static_cast<bool>(graphs->lookupSymbol("v"));
  options.prune = true;
  options.batch = 4;
  PassManager sac(&context);
  ofex::buildSacOfePipeline(sac, options);
  if (succeeded(sac.run(*graphs)))
    ofex::fuzz::require(verifies(*graphs),
                        "the SAC pipeline's output verifies");
  OwningOpRef<ModuleOp> chain = module->clone();
  PassManager grad(&context);
  grad.addPass(ofex::createExtractChain());
  grad.addPass(ofex::createDifferentiate({"chain.forward"}));
  if (failed(grad.run(*chain)))
    return 0;
  ofex::fuzz::require(verifies(*chain), "the training graphs verify");
  OwningOpRef<ModuleOp> lowered = ofex::compileFunctions(
      *chain, {"chain.forward", "chain.grad"}, /*batch=*/4);
  if (lowered)
    ofex::fuzz::require(verifies(*lowered), "the dnnl lowering verifies");
  return 0;
}
