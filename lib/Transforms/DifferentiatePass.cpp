//===- DifferentiatePass.cpp - the ofex-differentiate pass ----------------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/Passes.h"

namespace ofex {
#define GEN_PASS_DEF_DIFFERENTIATE
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

namespace {
struct DifferentiatePass
    : public ofex::impl::DifferentiateBase<DifferentiatePass> {
  using DifferentiateBase::DifferentiateBase;

  void runOnOperation() override {
    auto f = ofex::lookupFunctionOption(getOperation(), func, getArgument());
    if (!f)
      return signalPassFailure();
    ofex::GradOptions options;
    options.loss = loss;
    options.inputGrads = inputGrads;
    options.paramGrads = paramGrads;
    options.savedForward = savedForward;
    if (wrtLastInput && f.getNumArguments() > 0)
      options.onlyInputs = {f.getNumArguments() - 1};
    llvm::StringRef base = func;
    base.consume_back(".forward");
    std::string name = gradName.empty() ? (base + ".grad").str() : gradName;
    if (mlir::failed(ofex::differentiate(f, options, name)))
      signalPassFailure();
  }
};
} // namespace
