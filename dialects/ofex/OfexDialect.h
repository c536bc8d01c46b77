//===- OfexDialect.h - the ofex dialect -------------------------*- C++ -*-===//

#ifndef OFEX_OFEXDIALECT_H
#define OFEX_OFEXDIALECT_H

#include "mlir/IR/Dialect.h"

#include "ofex/OfexDialect.h.inc"

#endif // OFEX_OFEXDIALECT_H
