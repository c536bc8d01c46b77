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
