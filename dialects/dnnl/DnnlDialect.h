//===- DnnlDialect.h - one op per oneDNN primitive --------------*- C++ -*-===//

#ifndef DNNL_DNNLDIALECT_H
#define DNNL_DNNLDIALECT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dnnl/DnnlDialect.h.inc"

#define GET_OP_CLASSES
#include "dnnl/DnnlOps.h.inc"

#endif // DNNL_DNNLDIALECT_H
