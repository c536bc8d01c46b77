//===- ExtractChainPass.cpp - the ofex-extract-chain pass -----------------===//

#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_EXTRACTCHAIN
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct ExtractChainPass
    : public ofex::impl::ExtractChainBase<ExtractChainPass> {
  using ExtractChainBase::ExtractChainBase;

  void runOnOperation() override {
    mlir::ModuleOp module = getOperation();
    if (rows < 0) {
      module.emitError() << getArgument() << ": rows must be >= 0";
      return signalPassFailure();
    }
    if (module.lookupSymbol(name)) {
      module.emitError() << getArgument() << ": '" << name
                         << "' already exists";
      return signalPassFailure();
    }
    std::vector<std::string> nets(networks.begin(), networks.end());
    auto chain = ofex::buildChain(module, nets, name, allOutputs);
    if (mlir::failed(chain))
      return signalPassFailure();
    if (rows > 0)
      (*chain)->setAttr(ofex::kRowsAttr,
                        mlir::Builder(module).getI64IntegerAttr(rows));
  }
};
} // namespace
