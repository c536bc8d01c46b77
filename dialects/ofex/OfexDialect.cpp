//===- OfexDialect.cpp - the ofex dialect ---------------------------------===//

#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"

using namespace mlir;
using namespace ofex;

#include "ofex/OfexDialect.cpp.inc"

void OfexDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ofex/OfexOps.cpp.inc"
      >();
}
