//===- EliminateDeadUnits.cpp - the dead-unit elimination pass ------------===//

#include "ofex/Transforms/DeadUnits.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_ELIMINATEDEADUNITS
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct EliminateDeadUnitsPass
    : public ofex::impl::EliminateDeadUnitsBase<EliminateDeadUnitsPass> {
  using EliminateDeadUnitsBase::EliminateDeadUnitsBase;

  void runOnOperation() override {
    if (mlir::failed(ofex::eliminateDeadUnits(getOperation(), thetaTol)))
      signalPassFailure();
  }
};
} // namespace
