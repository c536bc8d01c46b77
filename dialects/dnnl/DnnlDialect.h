//===- DnnlDialect.h - one op per oneDNN primitive --------------*- C++ -*-===//

#ifndef DNNL_DNNLDIALECT_H
#define DNNL_DNNLDIALECT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "mlir/IR/DialectImplementation.h"
#include "ofex/StateResource.h"

#include "dnnl/DnnlDialect.h.inc"
#include "dnnl/DnnlEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "dnnl/DnnlAttrs.h.inc"

#define GET_OP_CLASSES
#include "dnnl/DnnlOps.h.inc"

#endif // DNNL_DNNLDIALECT_H
