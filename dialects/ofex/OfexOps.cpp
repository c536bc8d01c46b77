//===- OfexOps.cpp - ofex operations, parsers and verifiers ---------------===//

#include "ofex/OfexOps.h"
#include "ofex/EnumWords.h"
#include "ofex/Support/InputLimits.h"

#include "mlir/IR/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace ofex;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

// What each enum names in errors ("unknown activation 'gelu'; ..."), found
// by EnumWords.h's directives (kinds and modes are bare keywords, `init` a
// quoted word).
namespace ofex {
static StringRef nounOf(ActKind) { return "activation"; }
static StringRef nounOf(NormKind) { return "normalization"; }
static StringRef nounOf(GateMode) { return "gate mode"; }
static StringRef nounOf(Predicate) { return "predicate"; }
static StringRef nounOf(InitKind) { return "initializer"; }
static StringRef nounOf(Role) { return "role"; }
static StringRef nounOf(Family) { return "family"; }
} // namespace ofex

int64_t ofex::unitsOf(Type type) {
  auto t = type.dyn_cast<RankedTensorType>();
  if (!t || t.getRank() != 2 || t.isDynamicDim(1))
    return -1;
  return t.getDimSize(1);
}

static RankedTensorType ranked(Type type) {
  return type.dyn_cast<RankedTensorType>();
}

/// Activations are batch x features with a static feature count.
static LogicalResult verifyActivation(Operation *op, Value v, StringRef what) {
  auto t = ranked(v.getType());
  if (!t || t.getRank() != 2)
    return op->emitOpError()
           << what << " must be a 2-D batch x units tensor, got "
           << v.getType();
  if (t.isDynamicDim(1))
    return op->emitOpError()
           << what << " must have a static number of units, got "
           << v.getType();
  if (t.getDimSize(1) < 1 || t.getDimSize(1) > kMaxUnits)
    return op->emitOpError() << what << " must have 1 to " << kMaxUnits
                             << " units, got " << v.getType();
  return success();
}

/// Every dimension of a state tensor in [1, kMaxUnits] and at most
/// kMaxParamElements elements: no input can ask for unbounded memory.
static LogicalResult verifyStateShape(Operation *op, RankedTensorType t) {
  int64_t elements = 1;
  for (int64_t d : t.getShape()) {
    if (d < 1 || d > kMaxUnits)
      return op->emitOpError()
             << "dimensions must be 1 to " << kMaxUnits << ", got " << Type(t);
    elements *= d; // at most 2^40 for rank 2: no overflow
  }
  if (elements > kMaxParamElements)
    return op->emitOpError() << "has " << elements << " elements, more than "
                             << kMaxParamElements;
  return success();
}

static LogicalResult verifyVector(Operation *op, Value v, StringRef what,
                                  int64_t units) {
  auto t = ranked(v.getType());
  if (!t || t.getRank() != 1 || t.isDynamicDim(0))
    return op->emitOpError()
           << what << " must be a static 1-D tensor, got " << v.getType();
  if (t.getDimSize(0) != units)
    return op->emitOpError()
           << what << " has " << t.getDimSize(0)
           << " entries but the input has " << units << " units";
  return success();
}

LogicalResult ofex::verifyRunningStats(Operation *op, NormKind kind,
                                       ValueRange running, bool inference,
                                       int64_t units) {
  if (running.empty()) {
    if (inference)
      return op->emitOpError("inference needs the running statistics");
    return success();
  }
  if (kind != NormKind::batch)
    return op->emitOpError("only batch normalization keeps running statistics");
  if (running.size() != 2)
    return op->emitOpError()
           << "running statistics are a mean and a variance, got "
           << running.size() << " values";
  if (failed(verifyVector(op, running[0], "running mean", units)) ||
      failed(verifyVector(op, running[1], "running variance", units)))
    return failure();
  // Named state the updates and dead-unit elimination can find: a mean
  // that starts at 0 and a variance that starts at 1, two distinct stats.
  auto mean = running[0].getDefiningOp<StatOp>();
  auto var = running[1].getDefiningOp<StatOp>();
  if (!mean || !var)
    return op->emitOpError("running statistics must be ofex.stat values");
  if (mean == var)
    return op->emitOpError("running mean and variance must be two stats");
  if (mean.getInit() != InitKind::zeros || var.getInit() != InitKind::ones)
    return op->emitOpError(
        "running mean must start at zeros and the variance at ones");
  return success();
}

/// Batch dimensions must agree (both dynamic, or equal).
static LogicalResult verifyBatch(Operation *op, Type a, Type b) {
  auto ta = ranked(a), tb = ranked(b);
  if (ta.getDimSize(0) != tb.getDimSize(0))
    return op->emitOpError()
           << "batch dimension mismatch: " << a << " vs " << b;
  return success();
}

/// `<network>.<name>` for state named inside a network; in a training graph
/// (a func.func) the name already is the full name.
static std::string stateKey(Operation *op, StringRef name) {
  auto net = op->getParentOfType<NetworkOp>();
  return net ? (net.getSymName() + "." + name).str() : name.str();
}

std::string ofex::groupName(ThetaOp theta) {
  return stateKey(theta, theta.getName());
}

std::string ofex::paramKey(ParamOp param) {
  return stateKey(param, param.getName());
}

std::string ofex::statKey(StatOp stat) {
  return stateKey(stat, stat.getName());
}

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      FunctionType type, Role role, Family family) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  MLIRContext *ctx = builder.getContext();
  state.addAttribute(getRoleAttrName(state.name), RoleAttr::get(ctx, role));
  state.addAttribute(getFamilyAttrName(state.name),
                     FamilyAttr::get(ctx, family));
  Region *body = state.addRegion();
  auto *entry = new Block();
  for (Type t : type.getInputs())
    entry->addArgument(t, state.location);
  body->push_back(entry);
}

/// A network's role and family are strings in its attribute dictionary
/// (`attributes {family = "pi", role = "deploy"}`), read as enum attributes.
template <typename AttrT>
static ParseResult wordAttribute(OpAsmParser &parser, SMLoc loc,
                                 NamedAttrList &attrs, StringAttr name) {
  auto word = attrs.get(name).dyn_cast_or_null<StringAttr>();
  if (!word) // missing, or already an enum attribute: the verifier judges
    return success();
  AttrT attr;
  if (failed(parseEnumWord(parser, loc, word.getValue(), attr)))
    return failure();
  attrs.set(name, attr);
  return success();
}

ParseResult NetworkOp::parse(OpAsmParser &parser, OperationState &result) {
  SMLoc loc = parser.getCurrentLocation();
  auto buildFuncType =
      [](Builder &builder, ArrayRef<Type> argTypes, ArrayRef<Type> results,
         function_interface_impl::VariadicFlag,
         std::string &) { return builder.getFunctionType(argTypes, results); };
  if (function_interface_impl::parseFunctionOp(
          parser, result, /*allowVariadic=*/false,
          getFunctionTypeAttrName(result.name), buildFuncType,
          getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name)))
    return failure();
  return failure(
      failed(wordAttribute<RoleAttr>(parser, loc, result.attributes,
                                     getRoleAttrName(result.name))) ||
      failed(wordAttribute<FamilyAttr>(parser, loc, result.attributes,
                                       getFamilyAttrName(result.name))));
}

void NetworkOp::print(OpAsmPrinter &p) {
  p << ' ';
  StringRef visibility = SymbolTable::getVisibilityAttrName();
  if (auto v = (*this)->getAttrOfType<StringAttr>(visibility))
    p << v.getValue() << ' ';
  p.printSymbolName(getSymName());
  function_interface_impl::printFunctionSignature(
      p, *this, getArgumentTypes(), /*isVariadic=*/false, getResultTypes());
  NamedAttrList attrs;
  for (NamedAttribute a : (*this)->getAttrs()) {
    if (auto role = a.getValue().dyn_cast<RoleAttr>())
      a.setValue(StringAttr::get(getContext(), stringifyRole(role.getValue())));
    else if (auto family = a.getValue().dyn_cast<FamilyAttr>())
      a.setValue(
          StringAttr::get(getContext(), stringifyFamily(family.getValue())));
    attrs.push_back(a);
  }
  p.printOptionalAttrDictWithKeyword(
      attrs.getAttrs(),
      {SymbolTable::getSymbolAttrName(), visibility, getFunctionTypeAttrName(),
       getArgAttrsAttrName(), getResAttrsAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

LogicalResult NetworkOp::verify() {
  if (getBody().empty())
    return emitOpError("must have a body");
  for (Type t : getArgumentTypes())
    if (unitsOf(t) < 0)
      return emitOpError()
             << "arguments must be 2-D batch x units tensors, got " << t;
  for (Type t : llvm::concat<const Type>(getArgumentTypes(), getResultTypes()))
    if (int64_t units = unitsOf(t); units == 0 || units > kMaxUnits)
      return emitOpError() << "arguments and results must have 1 to "
                           << kMaxUnits << " units, got " << t;
  // Param and theta names identify state across rewrites: they must be unique.
  // Stats share the params' namespace (both are state keys).
  llvm::StringSet<> params, thetas;
  WalkResult result = walk([&](Operation *op) {
    if (auto param = dyn_cast<ParamOp>(op)) {
      if (!params.insert(param.getName()).second) {
        param.emitOpError()
            << "duplicate param name '" << param.getName() << "'";
        return WalkResult::interrupt();
      }
    } else if (auto stat = dyn_cast<StatOp>(op)) {
      if (!params.insert(stat.getName()).second) {
        stat.emitOpError() << "duplicate state name '" << stat.getName()
                           << "' (params and stats share names)";
        return WalkResult::interrupt();
      }
    } else if (auto theta = dyn_cast<ThetaOp>(op)) {
      if (!thetas.insert(theta.getName()).second) {
        theta.emitOpError()
            << "duplicate gate group '" << theta.getName() << "'";
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult ReturnOp::verify() {
  auto net = cast<NetworkOp>((*this)->getParentOp());
  ArrayRef<Type> results = net.getResultTypes();
  if (getNumOperands() != results.size())
    return emitOpError() << "returns " << getNumOperands()
                         << " values but the network declares "
                         << results.size();
  for (auto [i, pair] : llvm::enumerate(llvm::zip(getOperandTypes(), results)))
    if (std::get<0>(pair) != std::get<1>(pair))
      return emitOpError() << "result #" << i << " has type "
                           << std::get<0>(pair) << " but the network declares "
                           << std::get<1>(pair);
  return success();
}

//===----------------------------------------------------------------------===//
// ModelOp and ApplyOp
//===----------------------------------------------------------------------===//

ParseResult ModelOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();
  SmallVector<OpAsmParser::Argument> args;
  if (parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren,
                               /*allowType=*/true) ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, args))
    return failure();
  if (body->empty())
    body->push_back(new Block());
  return success();
}

void ModelOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << '(';
  llvm::interleaveComma(getBody().getArguments(), p,
                        [&](BlockArgument arg) { p.printRegionArgument(arg); });
  p << ')';
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {SymbolTable::getSymbolAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/false);
}

LogicalResult ApplyOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto net =
      symbolTable.lookupNearestSymbolFrom<NetworkOp>(*this, getNetworkAttr());
  if (!net)
    return emitOpError() << "applies unknown network " << getNetworkAttr();
  ArrayRef<Type> ins = net.getArgumentTypes(), outs = net.getResultTypes();
  if (ins.size() != getInputs().size())
    return emitOpError() << "passes " << getInputs().size()
                         << " inputs but network " << getNetworkAttr()
                         << " takes " << ins.size();
  for (auto [i, v] : llvm::enumerate(getInputs()))
    if (v.getType() != ins[i])
      return emitOpError() << "input #" << i << " has type " << v.getType()
                           << " but network " << getNetworkAttr() << " expects "
                           << ins[i];
  if (outs.size() != getNumResults())
    return emitOpError() << "expects " << getNumResults()
                         << " outputs but network " << getNetworkAttr()
                         << " returns " << outs.size();
  for (auto [i, t] : llvm::enumerate(getResultTypes()))
    if (t != outs[i])
      return emitOpError() << "output #" << i << " has type " << t
                           << " but network " << getNetworkAttr() << " returns "
                           << outs[i];
  // What ships must run without what does not: the deployment export keeps
  // the deploy networks alone.
  if (net.isDeploy())
    for (auto [i, v] : llvm::enumerate(getInputs()))
      if (auto producer = v.getDefiningOp<ApplyOp>()) {
        auto from = symbolTable.lookupNearestSymbolFrom<NetworkOp>(
            *this, producer.getNetworkAttr());
        if (from && !from.isDeploy())
          return emitOpError()
                 << "input #" << i << " of deploy network " << getNetworkAttr()
                 << " comes from learning-only network "
                 << producer.getNetworkAttr();
      }
  return success();
}

//===----------------------------------------------------------------------===//
// ParamOp and ThetaOp
//===----------------------------------------------------------------------===//

LogicalResult ParamOp::verify() {
  auto t = ranked(getType());
  if (!t || !t.hasStaticShape() || t.getRank() < 1 || t.getRank() > 2)
    return emitOpError() << "must be a static 1-D or 2-D tensor, got "
                         << getType();
  if (getInit() == InitKind::glorot && t.getRank() != 2)
    return emitOpError("glorot initialisation needs a 2-D weight");
  return verifyStateShape(*this, t);
}

LogicalResult StatOp::verify() {
  if (getInit() == InitKind::glorot)
    return emitOpError() << "initializer 'glorot' is not a statistic's; "
                            "expected zeros (a mean) or ones (a variance)";
  auto t = ranked(getType());
  if (!t || !t.hasStaticShape() || t.getRank() != 1)
    return emitOpError() << "must be a static 1-D tensor, got " << getType();
  return verifyStateShape(*this, t);
}

int64_t ThetaOp::getUnits() { return ranked(getType()).getDimSize(0); }

float ThetaOp::getTheta(int64_t k) {
  if (auto values = getValuesAttr())
    return values[k];
  return 1.0f;
}

LogicalResult ThetaOp::verify() {
  auto t = ranked(getType());
  if (!t || t.getRank() != 1 || t.isDynamicDim(0))
    return emitOpError() << "must be a static 1-D tensor, got " << getType();
  if (failed(verifyStateShape(*this, t)))
    return failure();
  if (auto values = getValuesAttr()) {
    if (values.size() != t.getDimSize(0))
      return emitOpError() << "has " << values.size() << " values for "
                           << t.getDimSize(0) << " units";
    for (auto [k, v] : llvm::enumerate(values.asArrayRef()))
      if (!(v >= 0.0f && v <= 1.0f))
        return emitOpError()
               << "theta[" << k << "] = " << v << " is outside [0, 1]";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Computation
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")) ||
      failed(verifyActivation(*this, getResult(), "result")))
    return failure();
  auto w = ranked(getWeight().getType());
  if (!w || w.getRank() != 2 || !w.hasStaticShape())
    return emitOpError() << "weight must be a static 2-D tensor, got "
                         << getWeight().getType();
  int64_t in = unitsOf(getInput().getType());
  int64_t out = unitsOf(getType());
  if (w.getDimSize(0) != in)
    return emitOpError() << "weight has " << w.getDimSize(0)
                         << " rows but the input has " << in << " units";
  if (w.getDimSize(1) != out)
    return emitOpError() << "weight has " << w.getDimSize(1)
                         << " columns but the result has " << out << " units";
  if (getBias() && failed(verifyVector(*this, getBias(), "bias", out)))
    return failure();
  return verifyBatch(*this, getInput().getType(), getType());
}

LogicalResult ActOp::verify() {
  return verifyActivation(*this, getInput(), "input");
}

LogicalResult NormOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "input")))
    return failure();
  int64_t units = unitsOf(getInput().getType());
  if (failed(verifyVector(*this, getScale(), "scale", units)))
    return failure();
  return verifyRunningStats(*this, getKind(), getRunning(), getInference(),
                            units);
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  int64_t units = 0;
  for (Value v : getInputs()) {
    if (failed(verifyActivation(*this, v, "every input")) ||
        failed(verifyBatch(*this, v.getType(), getType())))
      return failure();
    units += unitsOf(v.getType());
  }
  if (failed(verifyActivation(*this, getResult(), "result")))
    return failure();
  if (unitsOf(getType()) != units)
    return emitOpError() << "result has " << unitsOf(getType())
                         << " units but the inputs have " << units
                         << " in total";
  return success();
}

ThetaOp GateOp::getThetaOp() { return getTheta().getDefiningOp<ThetaOp>(); }

LogicalResult GateOp::verify() {
  if (failed(verifyActivation(*this, getInput(), "gated value")))
    return failure();
  int64_t units = unitsOf(getInput().getType());
  if (failed(verifyVector(*this, getTheta(), "theta", units)))
    return failure();
  if (getMode() != GateMode::fixed && !getThetaOp())
    return emitOpError() << "in mode '" << stringifyGateMode(getMode())
                         << "' needs its theta from an ofex.theta op";
  return success();
}

#define GET_OP_CLASSES
#include "ofex/OfexOps.cpp.inc"
