//===- OfexDialect.cpp - the ofex dialect ---------------------------------===//

#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"

using namespace mlir;
using namespace ofex;

#include "llvm/ADT/TypeSwitch.h"

#include "ofex/OfexDialect.cpp.inc"
#include "ofex/OfexEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "ofex/OfexAttrs.cpp.inc"

void OfexDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ofex/OfexOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ofex/OfexAttrs.cpp.inc"
      >();
}
