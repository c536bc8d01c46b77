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

/// What an enum names, for errors ("unknown binary algorithm 'xor'; ...").
static StringRef nounOf(EltwiseAlg) { return "eltwise algorithm"; }
static StringRef nounOf(BinaryAlg) { return "binary algorithm"; }
static StringRef nounOf(ReductionAlg) { return "reduction algorithm"; }
static StringRef nounOf(NormKind) { return "normalization"; }

/// Algorithms and kinds print as quoted words (`dnnl.binary "add"`).
template <typename AttrT>
static ParseResult parseWord(OpAsmParser &parser, AttrT &attr) {
  return ofex::parseEnumWord(parser, /*quoted=*/true,
                             nounOf(ofex::EnumOf<AttrT>{}), attr);
}

template <typename AttrT>
static void printWord(OpAsmPrinter &p, Operation *, AttrT attr) {
  ofex::printEnumWord(p, /*quoted=*/true, attr);
}

#define GET_OP_CLASSES
#include "dnnl/DnnlOps.cpp.inc"
