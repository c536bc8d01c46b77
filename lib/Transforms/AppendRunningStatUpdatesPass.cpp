//===- AppendRunningStatUpdatesPass.cpp - ofex-append-running-stat-updates ===//

#include "FunctionOption.h"
#include "ofex/Transforms/Passes.h"
#include "ofex/Transforms/RunningStats.h"

namespace ofex {
#define GEN_PASS_DEF_APPENDRUNNINGSTATUPDATES
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct AppendRunningStatUpdatesPass
    : public ofex::impl::AppendRunningStatUpdatesBase<
          AppendRunningStatUpdatesPass> {
  using AppendRunningStatUpdatesBase::AppendRunningStatUpdatesBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f || mlir::failed(ofex::appendRunningStatUpdates(f, momentum)))
      signalPassFailure();
  }
};
} // namespace
