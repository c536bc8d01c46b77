//===- ReturnTwinMinimumPass.cpp - the ofex-return-twin-minimum pass ------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_RETURNTWINMINIMUM
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct ReturnTwinMinimumPass
    : public ofex::impl::ReturnTwinMinimumBase<ReturnTwinMinimumPass> {
  using ReturnTwinMinimumBase::ReturnTwinMinimumBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f || mlir::failed(ofex::returnTwinMinimum(f)))
      signalPassFailure();
  }
};
} // namespace
