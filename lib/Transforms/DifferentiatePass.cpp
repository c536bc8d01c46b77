//===- DifferentiatePass.cpp - the ofex-differentiate pass ----------------===//

#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"
#include "ofex/Transforms/RunningStats.h"

namespace ofex {
#define GEN_PASS_DEF_DIFFERENTIATE
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct DifferentiatePass
    : public ofex::impl::DifferentiateBase<DifferentiatePass> {
  using DifferentiateBase::DifferentiateBase;

  void runOnOperation() override {
    std::vector<std::string> nets(networks.begin(), networks.end());
    auto forward =
        ofex::buildChain(getOperation(), nets, chainName + ".forward");
    if (mlir::failed(forward))
      return signalPassFailure();
    if (twinMin && mlir::failed(ofex::returnTwinMinimum(*forward)))
      return signalPassFailure();
    if (runningStats)
      ofex::useRunningStats(*forward);
    if (relax < 0 || relax > 1) {
      forward->emitError("relax must be in [0, 1]");
      return signalPassFailure();
    }
    if (relax > 0)
      ofex::relaxGateDraws(*forward, relax);
    ofex::GradOptions options;
    options.loss = loss;
    options.paramGrads = paramGrads;
    if (savedForward)
      options.savedForward = chainName + ".fwd";
    if (wrtLastInput && forward->getNumArguments() > 0)
      options.onlyInputs = {forward->getNumArguments() - 1};
    auto grad = ofex::differentiate(*forward, options, chainName + ".grad");
    if (mlir::failed(grad) ||
        (updateStats &&
         mlir::failed(ofex::appendRunningStatUpdates(*grad, momentum))))
      signalPassFailure();
  }
};
} // namespace
