//===- DnnlEnums.td - the dnnl dialect's algorithm enums ---*- tablegen -*-===//
//
// The algorithm and kind of each primitive as EnumAttrs, printed as the
// quoted words they were as strings (`dnnl.eltwise "relu" %x`).
//
//===----------------------------------------------------------------------===//

#ifndef DNNL_ENUMS_TD
#define DNNL_ENUMS_TD

include "mlir/IR/EnumAttr.td"

class Dnnl_Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::ofex::dnnlir";
  let genSpecializedAttr = 0;
}

// Eltwise algorithms: relu, swish and tanh (activations; also their
// backward), linear (alpha x + beta) and square.
def Dnnl_EltwiseAlg : Dnnl_Enum<"EltwiseAlg", "eltwise algorithm", [
    I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"swish", 1>,
    I32EnumAttrCase<"tanh", 2>, I32EnumAttrCase<"linear", 3>,
    I32EnumAttrCase<"square", 4>]>;
// Binary algorithms: le and lt give 1.0 or 0.0.
def Dnnl_BinaryAlg : Dnnl_Enum<"BinaryAlg", "binary algorithm", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>,
    I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"min", 3>,
    I32EnumAttrCase<"le", 4>, I32EnumAttrCase<"lt", 5>]>;
def Dnnl_ReductionAlg : Dnnl_Enum<"ReductionAlg", "reduction algorithm", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"mean", 1>]>;
def Dnnl_NormKind : Dnnl_Enum<"NormKind", "normalization", [
    I32EnumAttrCase<"layer", 0>, I32EnumAttrCase<"batch", 1>]>;

def Dnnl_EltwiseAlgAttr
    : EnumAttr<Dnnl_Dialect, Dnnl_EltwiseAlg, "eltwise_alg">;
def Dnnl_BinaryAlgAttr : EnumAttr<Dnnl_Dialect, Dnnl_BinaryAlg, "binary_alg">;
def Dnnl_ReductionAlgAttr
    : EnumAttr<Dnnl_Dialect, Dnnl_ReductionAlg, "reduction_alg">;
def Dnnl_NormKindAttr : EnumAttr<Dnnl_Dialect, Dnnl_NormKind, "norm_kind">;

#endif // DNNL_ENUMS_TD
