//===- KeepFunctionsPass.cpp - the ofex-keep-functions pass ---------------===//

#include "FunctionOption.h"
#include "ofex/Transforms/Passes.h"

#include "llvm/ADT/StringSet.h"

namespace ofex {
#define GEN_PASS_DEF_KEEPFUNCTIONS
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;

namespace {
struct KeepFunctionsPass
    : public ofex::impl::KeepFunctionsBase<KeepFunctionsPass> {
  using KeepFunctionsBase::KeepFunctionsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kept;
    llvm::StringSet<> seen;
    for (const std::string &n : names) {
      auto f = ofex::lookupFunctionOption(module, n, getArgument());
      if (!f)
        return signalPassFailure();
      if (!seen.insert(n).second) {
        module.emitError() << getArgument() << ": '" << n << "' is named twice";
        return signalPassFailure();
      }
      kept.push_back(f);
    }
    for (func::FuncOp f : kept)
      f->moveBefore(module.getBody(), module.getBody()->end());
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (auto f = dyn_cast<func::FuncOp>(op); !f || !seen.count(f.getName()))
        op.erase();
  }
};
} // namespace
