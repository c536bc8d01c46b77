//===- DnnlDialect.cpp - one op per oneDNN primitive ----------------------===//

#include "dnnl/DnnlDialect.h"
#include "ofex/EnumWords.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ofex::dnnlir;

#include "dnnl/DnnlDialect.cpp.inc"
#include "dnnl/DnnlEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "dnnl/DnnlAttrs.cpp.inc"

void DnnlDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dnnl/DnnlOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dnnl/DnnlAttrs.cpp.inc"
      >();
}

// What each enum names in errors ("unknown binary algorithm 'xor'; ..."),
// found by EnumWords.h's directives (algorithms and kinds are quoted words,
// `dnnl.binary "add"`).
namespace ofex::dnnlir {
static StringRef nounOf(EltwiseAlg) { return "eltwise algorithm"; }
static StringRef nounOf(BinaryAlg) { return "binary algorithm"; }
static StringRef nounOf(ReductionAlg) { return "reduction algorithm"; }
static StringRef nounOf(NormKind) { return "normalization"; }
} // namespace ofex::dnnlir

#define GET_OP_CLASSES
#include "dnnl/DnnlOps.cpp.inc"
