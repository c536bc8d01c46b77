//===- DnnlDialect.cpp - one op per oneDNN primitive ----------------------===//

#include "dnnl/DnnlDialect.h"

using namespace mlir;
using namespace ofex::dnnlir;

#include "dnnl/DnnlDialect.cpp.inc"

void DnnlDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dnnl/DnnlOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "dnnl/DnnlOps.cpp.inc"

/// Normalization statistics given as operands: none, or a batch norm's
/// running mean and variance.
static LogicalResult verifyStats(Operation *op, StringRef kind,
                                 ValueRange stats) {
  if (stats.empty())
    return success();
  if (kind != "batch")
    return op->emitOpError("only batch normalization takes statistics");
  if (stats.size() != 2)
    return op->emitOpError() << "takes a mean and a variance, got "
                             << stats.size() << " statistics";
  return success();
}

LogicalResult NormOp::verify() {
  return verifyStats(*this, getKind(), getStats());
}

LogicalResult NormBwdOp::verify() {
  return verifyStats(*this, getKind(), getStats());
}
