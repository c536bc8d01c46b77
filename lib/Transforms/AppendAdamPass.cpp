//===- AppendAdamPass.cpp - the ofex-append-adam pass ---------------------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_APPENDADAM
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct AppendAdamPass : public ofex::impl::AppendAdamBase<AppendAdamPass> {
  using AppendAdamBase::AppendAdamBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f)
      return signalPassFailure();
    ofex::appendAdamUpdates(f, {lr, beta1, beta2, eps});
  }
};
} // namespace
