//===- UseRunningStatsPass.cpp - the ofex-use-running-stats pass ----------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Passes.h"
#include "ofex/Transforms/RunningStats.h"

namespace ofex {
#define GEN_PASS_DEF_USERUNNINGSTATS
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct UseRunningStatsPass
    : public ofex::impl::UseRunningStatsBase<UseRunningStatsPass> {
  using UseRunningStatsBase::UseRunningStatsBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f)
      return signalPassFailure();
    ofex::useRunningStats(f);
  }
};
} // namespace
