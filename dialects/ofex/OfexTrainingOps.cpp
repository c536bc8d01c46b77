//===- OfexTrainingOps.cpp - verifiers of training-graph ops --------------===//

#include "ofex/OfexOps.h"

using namespace mlir;
using namespace ofex;

static RankedTensorType ranked2D(Type t) {
  auto r = t.dyn_cast<RankedTensorType>();
  return r && r.getRank() == 2 ? r : RankedTensorType();
}

/// Two sizes agree when equal or when either is dynamic (the batch).
static bool compatible(int64_t a, int64_t b) {
  return a == b || ShapedType::isDynamic(a) || ShapedType::isDynamic(b);
}

LogicalResult XiOp::verify() {
  if (getMode() == GateMode::fixed)
    return emitOpError("mode 'fixed' is a gate's; ofex.xi draws with sample, "
                       "expect or threshold");
  auto t = getTheta().getType().dyn_cast<RankedTensorType>();
  if (!t || t.getRank() != 1)
    return emitOpError("theta must be a 1-D tensor");
  if (FloatAttr relaxAttr = getRelaxAttr()) {
    double relax = relaxAttr.getValueAsDouble();
    if (getMode() != GateMode::sample)
      return emitOpError("relax needs mode sample");
    if (!(relax > 0.0 && relax <= 1.0))
      return emitOpError() << "relax must be in (0, 1], got " << relax;
  }
  return success();
}

LogicalResult MatmulOp::verify() {
  auto l = ranked2D(getLhs().getType()), r = ranked2D(getRhs().getType());
  auto out = ranked2D(getType());
  if (!l || !r || !out)
    return emitOpError("operands and result must be 2-D tensors");
  int64_t m = l.getDimSize(getTransposeLhs() ? 1 : 0);
  int64_t kl = l.getDimSize(getTransposeLhs() ? 0 : 1);
  int64_t kr = r.getDimSize(getTransposeRhs() ? 1 : 0);
  int64_t n = r.getDimSize(getTransposeRhs() ? 0 : 1);
  if (!compatible(kl, kr))
    return emitOpError() << "contraction sizes differ: " << kl << " vs " << kr;
  if (!compatible(m, out.getDimSize(0)) || !compatible(n, out.getDimSize(1)))
    return emitOpError() << "result type " << getType()
                         << " does not match the product's shape";
  return success();
}

LogicalResult ReduceRowsOp::verify() {
  auto in = ranked2D(getInput().getType());
  auto out = getType().dyn_cast<RankedTensorType>();
  if (!in || !out || out.getRank() != 1 ||
      out.getDimSize(0) != in.getDimSize(1))
    return emitOpError("reduces batch x n to n");
  return success();
}

LogicalResult ActGradOp::verify() {
  ActKind k = getKind();
  if (getFromResult() && k != ActKind::relu && k != ActKind::tanh)
    return emitOpError() << "cannot differentiate '" << stringifyActKind(k)
                         << "' from its result (relu and tanh can)";
  return success();
}

LogicalResult NormGradOp::verify() {
  return verifyRunningStats(*this, getKind(), getRunning(), getInference(),
                            unitsOf(getInput().getType()));
}

LogicalResult UpdateStatsOp::verify() {
  if (!(getMomentum().convertToDouble() > 0.0 &&
        getMomentum().convertToDouble() <= 1.0))
    return emitOpError() << "momentum must be in (0, 1], got "
                         << getMomentum().convertToDouble();
  if (!ranked2D(getInput().getType()))
    return emitOpError("updates from a 2-D batch x units value");
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = ranked2D(getInput().getType()), out = ranked2D(getType());
  if (!in || !out)
    return emitOpError("slices 2-D batch x n values");
  if (getOffset() < 0 || getOffset() + out.getDimSize(1) > in.getDimSize(1))
    return emitOpError() << "columns [" << getOffset() << ", "
                         << getOffset() + out.getDimSize(1)
                         << ") are outside the input's " << in.getDimSize(1);
  return success();
}
