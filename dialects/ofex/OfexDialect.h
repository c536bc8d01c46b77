//===- OfexDialect.h - the ofex dialect -------------------------*- C++ -*-===//

#ifndef OFEX_OFEXDIALECT_H
#define OFEX_OFEXDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "ofex/OfexDialect.h.inc"
#include "ofex/OfexEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "ofex/OfexAttrs.h.inc"

#endif // OFEX_OFEXDIALECT_H
