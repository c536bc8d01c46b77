//===- RelaxGateDrawsPass.cpp - the ofex-relax-gate-draws pass ------------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_RELAXGATEDRAWS
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct RelaxGateDrawsPass
    : public ofex::impl::RelaxGateDrawsBase<RelaxGateDrawsPass> {
  using RelaxGateDrawsBase::RelaxGateDrawsBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f)
      return signalPassFailure();
    if (!(relax > 0 && relax <= 1)) {
      getOperation().emitError()
          << getArgument() << ": relax must be in (0, 1]";
      return signalPassFailure();
    }
    ofex::relaxGateDraws(f, relax);
  }
};
} // namespace
