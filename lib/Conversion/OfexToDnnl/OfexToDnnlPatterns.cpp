//===- OfexToDnnlPatterns.cpp - one conversion pattern per ofex op --------===//

#include "OfexToDnnlPatterns.h"

#include "dnnl/DnnlDialect.h"
#include "ofex/OfexOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace ofex;
using dnnlir::BinaryAlg;
using dnnlir::EltwiseAlg;
using dnnlir::ReductionAlg;

BatchTypeConverter::BatchTypeConverter(int64_t rows) {
  // Tried last: every other type stays.
  addConversion([](Type t) { return t; });
  addConversion([rows](RankedTensorType t) -> Type {
    SmallVector<int64_t> shape(t.getShape());
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = rows;
    return RankedTensorType::get(shape, t.getElementType());
  });
}

/// The eltwise algorithm of an activation other than identity (which lowers
/// to no primitive at all).
static EltwiseAlg eltwiseOf(ActKind kind) {
  switch (kind) {
  case ActKind::relu:
    return EltwiseAlg::relu;
  case ActKind::swish:
    return EltwiseAlg::swish;
  case ActKind::tanh:
    return EltwiseAlg::tanh;
  case ActKind::identity:
    break;
  }
  llvm_unreachable("identity has no eltwise primitive");
}

static dnnlir::NormKind normOf(NormKind kind) {
  return kind == NormKind::layer ? dnnlir::NormKind::layer
                                 : dnnlir::NormKind::batch;
}

namespace {

/// A pattern for OpT with the converted type of a value at hand.
template <typename OpT> struct Lower : public OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using OpAdaptor = typename OpT::Adaptor;
  Type typeOf(Value v) const {
    return this->getTypeConverter()->convertType(v.getType());
  }
};

Value binary(OpBuilder &b, Location loc, BinaryAlg alg, Value lhs, Value rhs,
             Type type) {
  return b.create<dnnlir::BinaryOp>(loc, type, alg, lhs, rhs);
}

Value eltwise(OpBuilder &b, Location loc, EltwiseAlg alg, Value src, Type type,
              float alpha = 1.0f, float beta = 0.0f) {
  return b.create<dnnlir::EltwiseOp>(
      loc, type, b.getAttr<dnnlir::EltwiseAlgAttr>(alg), src,
      b.getF32FloatAttr(alpha), b.getF32FloatAttr(beta));
}

//===----------------------------------------------------------------------===//
// State and gate draws
//===----------------------------------------------------------------------===//

template <typename OpT> struct LowerStateRead : public Lower<OpT> {
  using Lower<OpT>::Lower;
  LogicalResult
  matchAndRewrite(OpT op, typename Lower<OpT>::OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::StateOp>(
        op, this->typeOf(op.getResult()), op.getNameAttr());
    return success();
  }
};

struct LowerTheta : public Lower<ThetaOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ThetaOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::StateOp>(
        op, typeOf(op.getResult()),
        rewriter.getStringAttr("theta:" + groupName(op)));
    return success();
  }
};

struct LowerXi : public Lower<XiOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(XiOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    switch (op.getMode()) {
    case GateMode::expect:
      rewriter.replaceOp(op, adaptor.getTheta());
      return success();
    case GateMode::sample:
      rewriter.replaceOpWithNewOp<dnnlir::BernoulliOp>(op, adaptor.getTheta(),
                                                       op.getRelaxAttr());
      return success();
    case GateMode::threshold:
    case GateMode::fixed:
      break;
    }
    return op.emitOpError("mode 'threshold' has no dnnl lowering; use "
                          "expect, or fixed gates after pruning");
  }
};

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

/// linear (+ act (+ fixed gate)) -> one matmul: the activation becomes an
/// eltwise post-op, the gate row a binary one.
struct LowerLinear : public Lower<LinearOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(LinearOp linear, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Operation *, 3> chain = {linear};
    SmallVector<Attribute> postOps;
    Value mul;
    Value cur = linear.getResult();
    if (cur.hasOneUse())
      if (auto act = dyn_cast<ActOp>(*cur.getUsers().begin())) {
        if (act.getKind() != ActKind::identity)
          postOps.push_back(rewriter.getStringAttr(
              stringifyEltwiseAlg(eltwiseOf(act.getKind()))));
        chain.push_back(act);
        cur = act.getResult();
        if (cur.hasOneUse())
          if (auto gate = dyn_cast<GateOp>(*cur.getUsers().begin());
              gate && gate.getMode() == GateMode::fixed &&
              gate.getInput() == cur) {
            // The gate row, once lowered (a draw, or an argument): an ofex
            // op's result is not, until its own pattern ran.
            Value theta = gate.getTheta();
            Value row = rewriter.getRemappedValue(theta);
            Operation *def = theta.getDefiningOp();
            if (row && (row != theta || !def ||
                        !isa<OfexDialect>(def->getDialect()))) {
              mul = row;
              chain.push_back(gate);
            }
          }
      }
    Operation *last = chain.back();
    auto mm = rewriter.create<dnnlir::MatmulOp>(
        linear.getLoc(), typeOf(last->getResult(0)), adaptor.getInput(),
        adaptor.getWeight(), adaptor.getBias(), mul, /*trans_src=*/false,
        /*trans_weights=*/false, rewriter.getArrayAttr(postOps));
    rewriter.replaceOp(last, mm.getResult());
    for (Operation *op : llvm::drop_end(chain))
      rewriter.eraseOp(op);
    return success();
  }
};

struct LowerAct : public Lower<ActOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ActOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getKind() == ActKind::identity)
      rewriter.replaceOp(op, adaptor.getInput());
    else
      rewriter.replaceOp(op,
                         eltwise(rewriter, op.getLoc(), eltwiseOf(op.getKind()),
                                 adaptor.getInput(), typeOf(op)));
    return success();
  }
};

struct LowerActGrad : public Lower<ActGradOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ActGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getKind() == ActKind::identity) {
      rewriter.replaceOp(op, adaptor.getGrad());
      return success();
    }
    rewriter.replaceOpWithNewOp<dnnlir::EltwiseBwdOp>(
        op, typeOf(op),
        rewriter.getAttr<dnnlir::EltwiseAlgAttr>(eltwiseOf(op.getKind())),
        adaptor.getInput(), adaptor.getGrad(), op.getFromResultAttr());
    return success();
  }
};

struct LowerNorm : public Lower<NormOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(NormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // Running statistics are operands only where they normalise.
    ValueRange stats = op.getInference() ? adaptor.getRunning() : ValueRange();
    rewriter.replaceOpWithNewOp<dnnlir::NormOp>(
        op, typeOf(op), normOf(op.getKind()), adaptor.getInput(),
        adaptor.getScale(), adaptor.getShift(), stats);
    return success();
  }
};

struct LowerNormGrad : public Lower<NormGradOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(NormGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ValueRange stats = op.getInference() ? adaptor.getRunning() : ValueRange();
    rewriter.replaceOpWithNewOp<dnnlir::NormBwdOp>(
        op, typeOf(op.getDinput()), typeOf(op.getDscale()),
        typeOf(op.getDshift()), normOf(op.getKind()), adaptor.getInput(),
        adaptor.getScale(), adaptor.getGrad(), stats);
    return success();
  }
};

struct LowerUpdateStats : public Lower<UpdateStatsOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(UpdateStatsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::UpdateStatsOp>(
        op, adaptor.getInput(), op.getMeanAttr(), op.getVarAttr(),
        op.getMomentumAttr());
    return success();
  }
};

/// A gate not fused into its layer's matmul: a row-broadcast product.
struct LowerGate : public Lower<GateOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(GateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, binary(rewriter, op.getLoc(), BinaryAlg::mul,
                                  adaptor.getInput(), adaptor.getTheta(),
                                  typeOf(op)));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Shapes and arithmetic
//===----------------------------------------------------------------------===//

struct LowerConcat : public Lower<ConcatOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::ConcatOp>(op, typeOf(op),
                                                  adaptor.getInputs());
    return success();
  }
};

struct LowerSlice : public Lower<SliceOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::SliceOp>(
        op, typeOf(op), adaptor.getInput(), op.getOffsetAttr());
    return success();
  }
};

struct LowerMatmul : public Lower<MatmulOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::MatmulOp>(
        op, typeOf(op), adaptor.getLhs(), adaptor.getRhs(), Value(), Value(),
        op.getTransposeLhs(), op.getTransposeRhs(), rewriter.getArrayAttr({}));
    return success();
  }
};

struct LowerReduceRows : public Lower<ReduceRowsOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ReduceRowsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::ReductionOp>(
        op, typeOf(op), ReductionAlg::sum, adaptor.getInput());
    return success();
  }
};

/// add, mul and min: one binary primitive each.
template <typename OpT, BinaryAlg alg>
struct LowerElementwise : public Lower<OpT> {
  using Lower<OpT>::Lower;
  LogicalResult
  matchAndRewrite(OpT op, typename Lower<OpT>::OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, binary(rewriter, op.getLoc(), alg, adaptor.getLhs(),
                                  adaptor.getRhs(), this->typeOf(op)));
    return success();
  }
};

struct LowerCompare : public Lower<CompareOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    BinaryAlg alg =
        op.getPredicate() == Predicate::le ? BinaryAlg::le : BinaryAlg::lt;
    rewriter.replaceOp(op, binary(rewriter, op.getLoc(), alg, adaptor.getLhs(),
                                  adaptor.getRhs(), typeOf(op)));
    return success();
  }
};

/// mse = mean((p - t)^2): sub, square, mean.
struct LowerMse : public Lower<MseOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(MseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type pt = adaptor.getPrediction().getType();
    Value diff = binary(rewriter, loc, BinaryAlg::sub, adaptor.getPrediction(),
                        adaptor.getTarget(), pt);
    Value sq = eltwise(rewriter, loc, EltwiseAlg::square, diff, pt);
    rewriter.replaceOpWithNewOp<dnnlir::ReductionOp>(op, typeOf(op),
                                                     ReductionAlg::mean, sq);
    return success();
  }
};

/// d mse / dp = 2 (p - t) / entries: sub, then a linear eltwise.
struct LowerMseGrad : public Lower<MseGradOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(MseGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto pt = adaptor.getPrediction().getType().cast<ShapedType>();
    Value diff = binary(rewriter, loc, BinaryAlg::sub, adaptor.getPrediction(),
                        adaptor.getTarget(), pt);
    float scale = 2.0f / pt.getNumElements();
    rewriter.replaceOp(
        op, eltwise(rewriter, loc, EltwiseAlg::linear, diff, pt, scale));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// In-place updates and the return
//===----------------------------------------------------------------------===//

struct LowerAdam : public Lower<AdamOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(AdamOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::AdamOp>(
        op, op.getParamAttr(), adaptor.getGrad(), op.getLrAttr(),
        op.getBeta1Attr(), op.getBeta2Attr(), op.getEpsAttr());
    return success();
  }
};

struct LowerThetaStep : public Lower<ThetaStepOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(ThetaStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dnnlir::ThetaStepOp>(
        op, op.getGroupAttr(), adaptor.getGrad(), adaptor.getPenalty(),
        op.getLrAttr(), op.getTolAttr(), op.getFreezeStepsAttr(),
        op.getKeepOneAttr(), op.getMomentumAttr());
    return success();
  }
};

struct LowerReturn : public Lower<func::ReturnOp> {
  using Lower::Lower;
  LogicalResult
  matchAndRewrite(func::ReturnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<func::ReturnOp>(op, adaptor.getOperands());
    return success();
  }
};

} // namespace

void ofex::populateOfexToDnnlPatterns(RewritePatternSet &patterns,
                                      TypeConverter &converter) {
  patterns
      .add<LowerStateRead<ParamOp>, LowerStateRead<StatOp>, LowerTheta, LowerXi,
           LowerLinear, LowerAct, LowerActGrad, LowerNorm, LowerNormGrad,
           LowerUpdateStats, LowerGate, LowerConcat, LowerSlice, LowerMatmul,
           LowerReduceRows, LowerElementwise<AddOp, BinaryAlg::add>,
           LowerElementwise<MulOp, BinaryAlg::mul>,
           LowerElementwise<MinOp, BinaryAlg::min>, LowerCompare, LowerMse,
           LowerMseGrad, LowerAdam, LowerThetaStep, LowerReturn>(
          converter, patterns.getContext());
}
