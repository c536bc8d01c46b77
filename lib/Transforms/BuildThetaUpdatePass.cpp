//===- BuildThetaUpdatePass.cpp - the ofex-build-theta-update pass --------===//
//
// The theta step as graph ops, so that it is lowered and executed like every
// other training function: one ofex.theta_step per gate group, fed the
// group's gradient (straight-through or relaxed) and the cost model's
// penalties, both computed by the runtime.
//
//===----------------------------------------------------------------------===//

#include "ofex/OfexOps.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_BUILDTHETAUPDATE
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;

namespace {
struct BuildThetaUpdatePass
    : public ofex::impl::BuildThetaUpdateBase<BuildThetaUpdatePass> {
  using BuildThetaUpdateBase::BuildThetaUpdateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!(lr > 0) || !(tol >= 0 && tol < 1) ||
        !(momentum >= 0 && momentum < 1)) {
      module.emitError() << getArgument()
                         << ": expected lr > 0, tol in [0, 1) and momentum "
                            "in [0, 1)";
      return signalPassFailure();
    }
    if (module.lookupSymbol(name)) {
      module.emitError() << getArgument() << ": '" << name
                         << "' already exists";
      return signalPassFailure();
    }
    // The model's thetas, not the chains' renamed copies.
    SmallVector<ofex::ThetaOp> thetas;
    for (auto net : module.getOps<ofex::NetworkOp>())
      net.walk([&](ofex::ThetaOp t) { thetas.push_back(t); });
    OpBuilder b(module.getContext());
    b.setInsertionPointToEnd(module.getBody());
    SmallVector<Type> args;
    for (ofex::ThetaOp t : thetas)
      args.append(2, t.getType());
    auto f = b.create<func::FuncOp>(module.getLoc(), name,
                                    b.getFunctionType(args, {}));
    f->setAttr(ofex::kRowsAttr, b.getI64IntegerAttr(1));
    Block *entry = f.addEntryBlock();
    b.setInsertionPointToEnd(entry);
    for (auto [i, t] : llvm::enumerate(thetas)) {
      std::string group = ofex::groupName(t);
      f.setArgAttr(2 * i, "ofex.arg", b.getStringAttr("g:" + group));
      f.setArgAttr(2 * i + 1, "ofex.arg", b.getStringAttr("c:" + group));
      // A policy or critic layer without units would cut the network.
      bool keepOne = t->getParentOfType<ofex::NetworkOp>().getFamily() !=
                     ofex::Family::ofe;
      b.create<ofex::ThetaStepOp>(
          module.getLoc(), b.getStringAttr(group), entry->getArgument(2 * i),
          entry->getArgument(2 * i + 1), b.getF64FloatAttr(lr),
          b.getF64FloatAttr(tol), b.getI64IntegerAttr(0),
          keepOne ? b.getUnitAttr() : UnitAttr(),
          momentum > 0 ? b.getF64FloatAttr(momentum) : FloatAttr());
    }
    b.create<func::ReturnOp>(module.getLoc());
  }
};
} // namespace
