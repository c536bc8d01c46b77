//===- OfexEnums.td - the ofex dialect's enumerations ------*- tablegen -*-===//
//
// Every enum-like attribute of the dialect is an EnumAttr: passes switch over
// typed values, and an unknown keyword is refused where the IR is parsed.
// The ops print them as they always did (a bare keyword, or a quoted string
// for `init` and a network's role and family), so IR files stay readable by
// every version.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_ENUMS_TD
#define OFEX_ENUMS_TD

include "mlir/IR/EnumAttr.td"
include "OfexDialect.td"

// The enums' values count from 0 in the order written: the parsers list them
// in that order in their errors.
class Ofex_Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::ofex";
  let genSpecializedAttr = 0;
}

def Ofex_ActKind : Ofex_Enum<"ActKind", "activation", [
    I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"swish", 1>,
    I32EnumAttrCase<"tanh", 2>, I32EnumAttrCase<"identity", 3>]>;
def Ofex_NormKind : Ofex_Enum<"NormKind", "normalization", [
    I32EnumAttrCase<"layer", 0>, I32EnumAttrCase<"batch", 1>]>;
// `fixed` is a gate's alone (xi given as its operand); ofex.xi draws the rest.
def Ofex_GateMode : Ofex_Enum<"GateMode", "gate mode", [
    I32EnumAttrCase<"sample", 0>, I32EnumAttrCase<"expect", 1>,
    I32EnumAttrCase<"threshold", 2>, I32EnumAttrCase<"fixed", 3>]>;
def Ofex_Predicate : Ofex_Enum<"Predicate", "predicate", [
    I32EnumAttrCase<"le", 0>, I32EnumAttrCase<"lt", 1>]>;
def Ofex_InitKind : Ofex_Enum<"InitKind", "initializer", [
    I32EnumAttrCase<"glorot", 0>, I32EnumAttrCase<"zeros", 1>,
    I32EnumAttrCase<"ones", 2>]>;
def Ofex_Role : Ofex_Enum<"Role", "role", [
    I32EnumAttrCase<"deploy", 0>, I32EnumAttrCase<"learn", 1>]>;
// The sparsity coefficient nu of a network's gates: ofe, pi, or the critics'
// q (V too); `none` has no gates to penalise.
def Ofex_Family : Ofex_Enum<"Family", "family", [
    I32EnumAttrCase<"ofe", 0>, I32EnumAttrCase<"pi", 1>, I32EnumAttrCase<"q",
    2>, I32EnumAttrCase<"none", 3>]>;

def Ofex_ActKindAttr : EnumAttr<Ofex_Dialect, Ofex_ActKind, "act_kind">;
def Ofex_NormKindAttr : EnumAttr<Ofex_Dialect, Ofex_NormKind, "norm_kind">;
def Ofex_GateModeAttr : EnumAttr<Ofex_Dialect, Ofex_GateMode, "gate_mode">;
def Ofex_PredicateAttr : EnumAttr<Ofex_Dialect, Ofex_Predicate, "predicate">;
def Ofex_InitKindAttr : EnumAttr<Ofex_Dialect, Ofex_InitKind, "init_kind">;
def Ofex_RoleAttr : EnumAttr<Ofex_Dialect, Ofex_Role, "role">;
def Ofex_FamilyAttr : EnumAttr<Ofex_Dialect, Ofex_Family, "family">;

#endif // OFEX_ENUMS_TD
