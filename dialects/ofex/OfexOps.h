//===- OfexOps.h - ofex operations ------------------------------*- C++ -*-===//

#ifndef OFEX_OFEXOPS_H
#define OFEX_OFEXOPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/FunctionInterfaces.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ofex/OfexDialect.h"
#include "ofex/StateResource.h"

#define GET_OP_CLASSES
#include "ofex/OfexOps.h.inc"

namespace ofex {

/// The gate group name of a theta: `<network>.<name>` inside a network; in a
/// training graph (a func.func) the name already is the full name.
std::string groupName(ThetaOp theta);

/// The state key of a param: `<network>.<name>`, or the full name in a
/// training graph.
std::string paramKey(ParamOp param);

/// The state key of a running statistic, named as params are.
std::string statKey(StatOp stat);

/// Checks a normalization's running statistics: none, or (batch kind only)
/// a mean and a variance of `units` entries; `inference` needs them.
mlir::LogicalResult verifyRunningStats(mlir::Operation *op, NormKind kind,
                                       mlir::ValueRange running, bool inference,
                                       int64_t units);

/// Number of units (columns) of a batch x units tensor type, or -1.
int64_t unitsOf(mlir::Type type);

} // namespace ofex

#endif // OFEX_OFEXOPS_H
