//===- LowerOfexToDnnl.cpp - training graphs to oneDNN primitives ---------===//

#include "dnnl/DnnlDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace ofex {
#define GEN_PASS_DEF_LOWEROFEXTODNNL
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;
using namespace ofex;
using dnnlir::BinaryAlg;
using dnnlir::EltwiseAlg;
using dnnlir::ReductionAlg;

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

static BinaryAlg binaryOf(Predicate predicate) {
  return predicate == Predicate::le ? BinaryAlg::le : BinaryAlg::lt;
}

namespace {

class Lowering {
public:
  Lowering(func::FuncOp func, int64_t batch)
      : func(func), batch(batch), b(func.getContext()) {}

  /// The static type of a value: the batch dimension fixed.
  Type fix(Type type) {
    auto t = type.dyn_cast<RankedTensorType>();
    if (!t)
      return type;
    SmallVector<int64_t> shape(t.getShape());
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = batch;
    return RankedTensorType::get(shape, t.getElementType());
  }

  LogicalResult run();

private:
  Value get(Value v) { return map.lookup(v); }
  LogicalResult lower(Operation &op);
  /// linear -> act -> gate fused into one matmul; returns the last fused op.
  Operation *fuseLinear(LinearOp linear);

  func::FuncOp func;
  int64_t batch;
  OpBuilder b;
  IRMapping map;
  llvm::DenseSet<Operation *> fused;
};

Operation *Lowering::fuseLinear(LinearOp linear) {
  Location loc = linear.getLoc();
  Operation *last = linear;
  SmallVector<Attribute> postOps;
  Value mul;
  Value cur = linear.getResult();
  if (cur.hasOneUse()) {
    if (auto act = dyn_cast<ActOp>(*cur.getUsers().begin())) {
      if (act.getKind() != ActKind::identity)
        postOps.push_back(
            b.getStringAttr(stringifyEltwiseAlg(eltwiseOf(act.getKind()))));
      last = act;
      cur = act.getResult();
      if (cur.hasOneUse())
        if (auto gate = dyn_cast<GateOp>(*cur.getUsers().begin());
            gate && gate.getMode() == GateMode::fixed &&
            gate.getInput() == cur && get(gate.getTheta())) {
          mul = get(gate.getTheta());
          last = gate;
        }
    }
  }
  auto mm = b.create<dnnlir::MatmulOp>(
      loc, fix(last->getResult(0).getType()), get(linear.getInput()),
      get(linear.getWeight()),
      linear.getBias() ? get(linear.getBias()) : Value(), mul,
      /*trans_src=*/false, /*trans_weights=*/false, b.getArrayAttr(postOps));
  map.map(last->getResult(0), mm.getResult());
  for (Operation *op = linear; op != last;) {
    op = *op->getResult(0).getUsers().begin();
    fused.insert(op);
  }
  return last;
}

LogicalResult Lowering::lower(Operation &op) {
  Location loc = op.getLoc();
  auto type = [&](Value v) { return fix(v.getType()); };
  auto binary = [&](BinaryAlg alg, Value l, Value r, Type t) {
    return b.create<dnnlir::BinaryOp>(loc, t, alg, l, r).getResult();
  };
  if (auto p = dyn_cast<ParamOp>(op)) {
    map.map(p.getResult(), b.create<dnnlir::StateOp>(loc, type(p.getResult()),
                                                     p.getNameAttr()));
  } else if (auto st = dyn_cast<StatOp>(op)) {
    map.map(st.getResult(), b.create<dnnlir::StateOp>(loc, type(st.getResult()),
                                                      st.getNameAttr()));
  } else if (auto t = dyn_cast<ThetaOp>(op)) {
    map.map(t.getResult(), b.create<dnnlir::StateOp>(
                               loc, type(t.getResult()),
                               b.getStringAttr("theta:" + groupName(t))));
  } else if (auto xi = dyn_cast<XiOp>(op)) {
    if (xi.getMode() == GateMode::expect)
      map.map(xi.getResult(), get(xi.getTheta()));
    else if (xi.getMode() == GateMode::sample)
      map.map(xi.getResult(), b.create<dnnlir::BernoulliOp>(
                                  loc, get(xi.getTheta()), xi.getRelaxAttr()));
    else
      return xi.emitOpError("mode 'threshold' has no dnnl lowering; use "
                            "expect, or fixed gates after pruning");
  } else if (auto linear = dyn_cast<LinearOp>(op)) {
    fuseLinear(linear);
  } else if (auto act = dyn_cast<ActOp>(op)) {
    map.map(
        act.getResult(),
        act.getKind() == ActKind::identity
            ? get(act.getInput())
            : b.create<dnnlir::EltwiseOp>(
                   loc, type(act.getResult()),
                   b.getAttr<dnnlir::EltwiseAlgAttr>(eltwiseOf(act.getKind())),
                   get(act.getInput()), b.getF32FloatAttr(1.0f),
                   b.getF32FloatAttr(0.0f))
                  .getResult());
  } else if (auto ag = dyn_cast<ActGradOp>(op)) {
    map.map(ag.getResult(),
            ag.getKind() == ActKind::identity
                ? get(ag.getGrad())
                : b.create<dnnlir::EltwiseBwdOp>(
                       loc, type(ag.getResult()), eltwiseOf(ag.getKind()),
                       get(ag.getInput()), get(ag.getGrad()),
                       ag.getFromResult())
                      .getResult());
  } else if (auto norm = dyn_cast<NormOp>(op)) {
    // Running statistics are operands only where they normalise.
    SmallVector<Value, 2> stats;
    if (norm.getInference())
      for (Value v : norm.getRunning())
        stats.push_back(get(v));
    map.map(norm.getResult(),
            b.create<dnnlir::NormOp>(loc, type(norm.getResult()),
                                     normOf(norm.getKind()),
                                     get(norm.getInput()), get(norm.getScale()),
                                     get(norm.getShift()), stats));
  } else if (auto ng = dyn_cast<NormGradOp>(op)) {
    SmallVector<Value, 2> stats;
    if (ng.getInference())
      for (Value v : ng.getRunning())
        stats.push_back(get(v));
    auto bwd = b.create<dnnlir::NormBwdOp>(
        loc, type(ng.getDinput()), type(ng.getDscale()), type(ng.getDshift()),
        normOf(ng.getKind()), get(ng.getInput()), get(ng.getScale()),
        get(ng.getGrad()), stats);
    map.map(ng.getResults(), bwd.getResults());
  } else if (auto us = dyn_cast<UpdateStatsOp>(op)) {
    b.create<dnnlir::UpdateStatsOp>(loc, get(us.getInput()), us.getMeanAttr(),
                                    us.getVarAttr(), us.getMomentumAttr());
  } else if (auto gate = dyn_cast<GateOp>(op)) {
    map.map(gate.getResult(),
            binary(BinaryAlg::mul, get(gate.getInput()), get(gate.getTheta()),
                   type(gate.getResult())));
  } else if (auto concat = dyn_cast<ConcatOp>(op)) {
    SmallVector<Value> srcs;
    for (Value v : concat.getInputs())
      srcs.push_back(get(v));
    map.map(concat.getResult(),
            b.create<dnnlir::ConcatOp>(loc, type(concat.getResult()), srcs));
  } else if (auto slice = dyn_cast<SliceOp>(op)) {
    map.map(slice.getResult(),
            b.create<dnnlir::SliceOp>(loc, type(slice.getResult()),
                                      get(slice.getInput()),
                                      slice.getOffsetAttr()));
  } else if (auto mm = dyn_cast<MatmulOp>(op)) {
    map.map(mm.getResult(),
            b.create<dnnlir::MatmulOp>(
                loc, type(mm.getResult()), get(mm.getLhs()), get(mm.getRhs()),
                Value(), Value(), mm.getTransposeLhs(), mm.getTransposeRhs(),
                b.getArrayAttr({})));
  } else if (auto red = dyn_cast<ReduceRowsOp>(op)) {
    map.map(red.getResult(), b.create<dnnlir::ReductionOp>(
                                 loc, type(red.getResult()), ReductionAlg::sum,
                                 get(red.getInput())));
  } else if (isa<AddOp, MulOp>(op)) {
    map.map(op.getResult(0),
            binary(isa<AddOp>(op) ? BinaryAlg::add : BinaryAlg::mul,
                   get(op.getOperand(0)), get(op.getOperand(1)),
                   type(op.getResult(0))));
  } else if (auto min = dyn_cast<MinOp>(op)) {
    map.map(min.getResult(), binary(BinaryAlg::min, get(min.getLhs()),
                                    get(min.getRhs()), type(min.getResult())));
  } else if (auto cmp = dyn_cast<CompareOp>(op)) {
    map.map(cmp.getResult(),
            binary(binaryOf(cmp.getPredicate()), get(cmp.getLhs()),
                   get(cmp.getRhs()), type(cmp.getResult())));
  } else if (isa<MseOp, MseGradOp>(op)) {
    Value p = get(op.getOperand(0)), t = get(op.getOperand(1));
    auto pt = p.getType().cast<ShapedType>();
    Value diff = binary(BinaryAlg::sub, p, t, pt);
    if (isa<MseOp>(op)) {
      Value sq = b.create<dnnlir::EltwiseOp>(
          loc, pt, b.getAttr<dnnlir::EltwiseAlgAttr>(EltwiseAlg::square), diff,
          b.getF32FloatAttr(1.0f), b.getF32FloatAttr(0.0f));
      map.map(op.getResult(0),
              b.create<dnnlir::ReductionOp>(loc, type(op.getResult(0)),
                                            ReductionAlg::mean, sq));
    } else {
      float scale = 2.0f / pt.getNumElements();
      map.map(op.getResult(0),
              b.create<dnnlir::EltwiseOp>(
                  loc, pt,
                  b.getAttr<dnnlir::EltwiseAlgAttr>(EltwiseAlg::linear), diff,
                  b.getF32FloatAttr(scale), b.getF32FloatAttr(0.0f)));
    }
  } else if (auto adam = dyn_cast<AdamOp>(op)) {
    b.create<dnnlir::AdamOp>(loc, adam.getParamAttr(), get(adam.getGrad()),
                             adam.getLrAttr(), adam.getBeta1Attr(),
                             adam.getBeta2Attr(), adam.getEpsAttr());
  } else if (auto ts = dyn_cast<ThetaStepOp>(op)) {
    b.create<dnnlir::ThetaStepOp>(loc, ts.getGroupAttr(), get(ts.getGrad()),
                                  get(ts.getPenalty()), ts.getLrAttr(),
                                  ts.getTolAttr(), ts.getFreezeStepsAttr(),
                                  ts.getKeepOneAttr(), ts.getMomentumAttr());
  } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
    SmallVector<Value> outs;
    for (Value v : ret.getOperands())
      outs.push_back(get(v));
    b.create<func::ReturnOp>(loc, outs);
  } else {
    return op.emitOpError("has no dnnl lowering");
  }
  return success();
}

LogicalResult Lowering::run() {
  Block &body = func.getBody().front();
  Block *entry = new Block();
  for (BlockArgument arg : body.getArguments())
    map.map(arg, entry->addArgument(fix(arg.getType()), arg.getLoc()));
  b.setInsertionPointToEnd(entry);
  // State reads and gate draws first: they depend on nothing else, and a
  // fused matmul needs its gate row before the layer is lowered.
  for (Operation &op : body)
    if (isa<ParamOp, StatOp, ThetaOp, XiOp>(op) && failed(lower(op))) {
      delete entry;
      return failure();
    }
  for (Operation &op : body) {
    if (fused.contains(&op) || isa<ParamOp, StatOp, ThetaOp, XiOp>(op))
      continue;
    if (failed(lower(op))) {
      delete entry;
      return failure();
    }
  }
  SmallVector<Type> ins(entry->getArgumentTypes()), outs;
  for (Type t : func.getFunctionType().getResults())
    outs.push_back(fix(t));
  body.dropAllReferences();
  body.dropAllDefinedValueUses();
  body.erase();
  // Values nothing returns (the gradient of an input the caller did not ask
  // for, the dead part of a concat's adjoint) are not computed. State reads
  // and gate draws stay: a draw advances the executor's counter.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
    if (!isa<dnnlir::StateOp, dnnlir::BernoulliOp>(op) &&
        isOpTriviallyDead(&op))
      op.erase();
  func.getBody().push_back(entry);
  func.setFunctionType(FunctionType::get(func.getContext(), ins, outs));
  func->setAttr("dnnl.batch", b.getI64IntegerAttr(batch));
  return success();
}

struct LowerOfexToDnnlPass
    : public ofex::impl::LowerOfexToDnnlBase<LowerOfexToDnnlPass> {
  using LowerOfexToDnnlBase::LowerOfexToDnnlBase;
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      int64_t rows = batch;
      if (auto attr = func->getAttrOfType<IntegerAttr>(ofex::kRowsAttr)) {
        rows = attr.getInt();
        func->removeAttr(ofex::kRowsAttr);
      }
      if (rows <= 0) {
        func.emitError("lower-ofex-to-dnnl: rows must be positive");
        return signalPassFailure();
      }
      if (failed(Lowering(func, rows).run()))
        return signalPassFailure();
    }
  }
};
} // namespace
