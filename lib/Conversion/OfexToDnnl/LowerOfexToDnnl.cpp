//===- LowerOfexToDnnl.cpp - training graphs to oneDNN primitives ---------===//
//
// A dialect conversion per function (its row count fixes the batch), with
// one pattern per op (OfexToDnnlPatterns.cpp). The state reads and gate
// draws move to the front first: they depend on nothing else, and a fused
// matmul needs its gate row before its layer is lowered. What no result
// needs is dropped after the conversion.
//
//===----------------------------------------------------------------------===//

#include "OfexToDnnlPatterns.h"

#include "dnnl/DnnlDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace ofex {
#define GEN_PASS_DEF_LOWEROFEXTODNNL
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;
using namespace ofex;

/// State reads and gate draws to the front of the body, in their order.
static void hoistStateReads(Block &body) {
  SmallVector<Operation *> reads;
  for (Operation &op : body)
    if (isa<ParamOp, StatOp, ThetaOp, XiOp>(op))
      reads.push_back(&op);
  Operation *after = nullptr;
  for (Operation *op : reads) {
    if (after)
      op->moveAfter(after);
    else
      op->moveBefore(&body.front());
    after = op;
  }
}

static LogicalResult lowerFunction(func::FuncOp func, int64_t rows) {
  MLIRContext *ctx = func.getContext();
  BatchTypeConverter converter(rows);
  RewritePatternSet patterns(ctx);
  populateOfexToDnnlPatterns(patterns, converter);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
  ConversionTarget target(*ctx);
  target.addLegalDialect<dnnlir::DnnlDialect>();
  target.addIllegalDialect<OfexDialect>();
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
    return converter.isSignatureLegal(f.getFunctionType()) &&
           converter.isLegal(&f.getBody());
  });
  target.addDynamicallyLegalOp<func::ReturnOp>(
      [&](func::ReturnOp r) { return converter.isLegal(r); });

  hoistStateReads(func.getBody().front());
  if (failed(applyFullConversion(func, target, std::move(patterns))))
    return failure();
  // Values nothing returns (the gradient of an input the caller did not ask
  // for, the dead part of a concat's adjoint) are not computed. State reads
  // and gate draws stay: a draw advances the executor's counter.
  Block &body = func.getBody().front();
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (!isa<dnnlir::StateOp, dnnlir::BernoulliOp>(op) &&
        isOpTriviallyDead(&op))
      op.erase();
  func->setAttr("dnnl.batch",
                IntegerAttr::get(IntegerType::get(ctx, 64), rows));
  return success();
}

namespace {
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
      if (failed(lowerFunction(func, rows)))
        return signalPassFailure();
    }
  }
};
} // namespace
