//===- RunningStats.cpp - batch normalization's two modes -----------------===//

#include "ofex/Transforms/RunningStats.h"

#include "ofex/OfexOps.h"

using namespace mlir;

namespace ofex {

unsigned useRunningStats(func::FuncOp f) {
  unsigned changed = 0;
  f.walk([&](NormOp norm) {
    if (!norm.getRunning().empty() && !norm.getInference()) {
      norm.setInference(true);
      ++changed;
    }
  });
  return changed;
}

FailureOr<unsigned> appendRunningStatUpdates(func::FuncOp f, double momentum) {
  SmallVector<NormOp> norms;
  f.walk([&](NormOp norm) {
    if (!norm.getRunning().empty() && !norm.getInference())
      norms.push_back(norm);
  });
  for (NormOp norm : norms) {
    auto mean = norm.getRunningMean().getDefiningOp<StatOp>();
    auto var = norm.getRunningVar().getDefiningOp<StatOp>();
    if (!mean || !var)
      return norm.emitOpError(
                 "running statistics must be ofex.stat values to be updated"),
             failure();
    OpBuilder b(norm->getContext());
    b.setInsertionPointAfter(norm);
    b.create<UpdateStatsOp>(
        norm.getLoc(), norm.getInput(), b.getStringAttr(statKey(mean)),
        b.getStringAttr(statKey(var)), b.getF64FloatAttr(momentum));
  }
  return norms.size();
}

} // namespace ofex
