//===- DnnlVerifiers.cpp - the shape rules of the dnnl ops ----------------===//
//
// Each primitive's shape rules, checked where dnnl IR is made or read (after
// every pass, and by ofex-opt), so a lowering bug or a hand-edited function
// is named at its op. The executor keeps its own checks of the plans it is
// given (runtime/executor/lib/Validate.cpp): plans can be built without IR.
// Values are static tensors of rank 0 to 2, seen as rows x cols (a rank-1
// tensor of N entries is a 1 x N row).
//
//===----------------------------------------------------------------------===//

#include "dnnl/DnnlDialect.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace ofex::dnnlir;

namespace {
struct Dims {
  int64_t rows, cols;
  bool operator==(const Dims &o) const {
    return rows == o.rows && cols == o.cols;
  }
  bool operator!=(const Dims &o) const { return !(*this == o); }
};
} // namespace

static std::optional<Dims> dimsOf(Type type) {
  auto t = type.dyn_cast<RankedTensorType>();
  if (!t || !t.hasStaticShape() || t.getRank() > 2)
    return std::nullopt;
  if (t.getRank() == 0)
    return Dims{1, 1};
  if (t.getRank() == 1)
    return Dims{1, t.getDimSize(0)};
  return Dims{t.getDimSize(0), t.getDimSize(1)};
}

static std::string str(Dims d) {
  return std::to_string(d.rows) + "x" + std::to_string(d.cols);
}

/// The rows x cols of `v`, or an error naming it when it is not a static
/// tensor of rank 0 to 2.
static FailureOr<Dims> dims(Operation *op, Value v, StringRef what) {
  if (std::optional<Dims> d = dimsOf(v.getType()))
    return *d;
  return op->emitOpError() << what << " must be a static tensor of rank 0 to "
                           << "2, got " << v.getType();
}

/// A vector of `n` per-column values (bias, scale, statistics): 1 x n.
static LogicalResult perColumn(Operation *op, Value v, StringRef what,
                               int64_t n) {
  FailureOr<Dims> d = dims(op, v, what);
  if (failed(d))
    return failure();
  if (d->rows != 1 || d->cols != n)
    return op->emitOpError()
           << what << " is " << str(*d) << "; expected 1x" << n;
  return success();
}

LogicalResult MatmulOp::verify() {
  FailureOr<Dims> src = dims(*this, getSrc(), "src");
  FailureOr<Dims> w = dims(*this, getWeights(), "weights");
  FailureOr<Dims> dst = dims(*this, getResult(), "result");
  if (failed(src) || failed(w) || failed(dst))
    return failure();
  int64_t m = getTransSrc() ? src->cols : src->rows;
  int64_t k = getTransSrc() ? src->rows : src->cols;
  int64_t wk = getTransWeights() ? w->cols : w->rows;
  int64_t n = getTransWeights() ? w->rows : w->cols;
  if (k != wk)
    return emitOpError() << "src (" << str(*src) << ") and weights (" << str(*w)
                         << ") have different inner extents " << k << " and "
                         << wk;
  if (*dst != Dims{m, n})
    return emitOpError() << "result is " << str(*dst) << " but the product is "
                         << m << "x" << n;
  if (getBias() && failed(perColumn(*this, getBias(), "bias", n)))
    return failure();
  if (getMul() && failed(perColumn(*this, getMul(), "mul", n)))
    return failure();
  for (Attribute a : getPostOps())
    if (!symbolizeEltwiseAlg(a.cast<StringAttr>().getValue()))
      return emitOpError() << "unknown post-op " << a << "; expected "
                           << "an eltwise algorithm";
  return success();
}

LogicalResult BinaryOp::verify() {
  FailureOr<Dims> lhs = dims(*this, getLhs(), "lhs");
  FailureOr<Dims> rhs = dims(*this, getRhs(), "rhs");
  FailureOr<Dims> dst = dims(*this, getResult(), "result");
  if (failed(lhs) || failed(rhs) || failed(dst))
    return failure();
  if (*dst != *lhs)
    return emitOpError() << "result is " << str(*dst) << " but lhs is "
                         << str(*lhs);
  if (*rhs != *lhs && *rhs != Dims{1, lhs->cols})
    return emitOpError() << "rhs is " << str(*rhs) << "; expected lhs's "
                         << str(*lhs) << " or a 1x" << lhs->cols << " row";
  return success();
}

LogicalResult ConcatOp::verify() {
  FailureOr<Dims> dst = dims(*this, getResult(), "result");
  if (failed(dst))
    return failure();
  if (getSrcs().empty())
    return emitOpError("needs at least one source");
  int64_t cols = 0;
  for (Value v : getSrcs()) {
    FailureOr<Dims> d = dims(*this, v, "every source");
    if (failed(d))
      return failure();
    if (d->rows != dst->rows)
      return emitOpError() << "a source has " << d->rows
                           << " rows but the result has " << dst->rows;
    cols += d->cols;
  }
  if (cols != dst->cols)
    return emitOpError() << "the sources have " << cols
                         << " columns but the result has " << dst->cols;
  return success();
}

LogicalResult SliceOp::verify() {
  FailureOr<Dims> src = dims(*this, getSrc(), "src");
  FailureOr<Dims> dst = dims(*this, getResult(), "result");
  if (failed(src) || failed(dst))
    return failure();
  if (dst->rows != src->rows)
    return emitOpError() << "result has " << dst->rows << " rows but src has "
                         << src->rows;
  int64_t offset = getOffset();
  if (offset < 0 || dst->cols > src->cols || offset > src->cols - dst->cols)
    return emitOpError() << "columns [" << offset << ", " << offset + dst->cols
                         << ") are outside src's " << src->cols;
  return success();
}

LogicalResult ReductionOp::verify() {
  FailureOr<Dims> src = dims(*this, getSrc(), "src");
  FailureOr<Dims> dst = dims(*this, getResult(), "result");
  if (failed(src) || failed(dst))
    return failure();
  // (A one-row src reduces to its own shape: the executor refuses that
  // plan, the IR stays printable.)
  if (*dst != Dims{1, src->cols} && *dst != Dims{1, 1})
    return emitOpError() << "result is " << str(*dst) << "; expected 1x"
                         << src->cols << " (over the rows) or 1x1 (over all)";
  return success();
}

LogicalResult SumOp::verify() {
  if (getSrcs().empty())
    return emitOpError("needs at least one source");
  if (getScales().size() != getSrcs().size())
    return emitOpError() << "has " << getSrcs().size() << " sources but "
                         << getScales().size() << " scales";
  return success();
}

/// The per-column operands of a normalization: scale (and shift) and the
/// statistics, each with src's column count.
static LogicalResult verifyNorm(Operation *op, NormKind kind, Value src,
                                ValueRange perUnit, ValueRange stats) {
  FailureOr<Dims> d = dims(op, src, "src");
  if (failed(d))
    return failure();
  for (Value v : perUnit)
    if (failed(perColumn(op, v, "scale and shift", d->cols)))
      return failure();
  if (stats.empty())
    return success();
  if (kind != NormKind::batch)
    return op->emitOpError("only batch normalization takes statistics");
  if (stats.size() != 2)
    return op->emitOpError() << "takes a mean and a variance, got "
                             << stats.size() << " statistics";
  for (Value v : stats)
    if (failed(perColumn(op, v, "statistics", d->cols)))
      return failure();
  return success();
}

LogicalResult NormOp::verify() {
  return verifyNorm(*this, getKind(), getSrc(), {getScale(), getShift()},
                    getStats());
}

LogicalResult NormBwdOp::verify() {
  return verifyNorm(*this, getKind(), getSrc(), {getScale()}, getStats());
}

LogicalResult UpdateStatsOp::verify() {
  FailureOr<Dims> d = dims(*this, getSrc(), "src");
  if (failed(d))
    return failure();
  double momentum = getMomentum().convertToDouble();
  if (!(momentum > 0.0 && momentum <= 1.0))
    return emitOpError() << "momentum must be in (0, 1], got " << momentum;
  return success();
}
