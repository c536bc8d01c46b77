//===- DnnlOps.td - one op per oneDNN primitive ------------*- tablegen -*-===//
//
// The primitive-level dialect the runtime executes: every op is exactly one
// oneDNN primitive (or one small host kernel: Adam, the theta step, Bernoulli
// draws). Values are static-shape f32 tensors (the batch is fixed per plan);
// the executor gives each value a buffer, shared by values whose lifetimes do
// not overlap (the `slot` attribute written by ofex-plan-buffers).
//
//===----------------------------------------------------------------------===//

#ifndef DNNL_OPS_TD
#define DNNL_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Dnnl_Dialect : Dialect {
  let name = "dnnl";
  let summary = "oneDNN primitives over static-shape f32 tensors";
  let cppNamespace = "::ofex::dnnlir";
  let useFoldAPI = kEmitFoldAdaptorFolder;
  let useDefaultAttributePrinterParser = 1;
}

include "DnnlEnums.td"

// The named state and the gate draws' generator, shared with the ofex
// dialect (ofex/StateResource.h).
def Dnnl_State : Resource<"::ofex::StateResource">;
def Dnnl_GateDraws : Resource<"::ofex::GateDrawResource">;
def Dnnl_ReadsState : MemoryEffects<[MemRead<Dnnl_State>]>;
def Dnnl_UpdatesState : MemoryEffects<[MemRead<Dnnl_State>, MemWrite<Dnnl_State>]>;
def Dnnl_DrawsGates
    : MemoryEffects<[MemRead<Dnnl_GateDraws>, MemWrite<Dnnl_GateDraws>]>;

class Dnnl_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dnnl_Dialect, mnemonic, traits>;

def Dnnl_Tensor : TensorOf<[F32]>;

def Dnnl_StateOp : Dnnl_Op<"state", [Dnnl_ReadsState]> {
  let summary = "a named persistent buffer: param, theta, Adam moment";
  let arguments = (ins StrAttr:$name);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def Dnnl_MatmulOp : Dnnl_Op<"matmul", [Pure, AttrSizedOperandSegments]> {
  let summary = "matmul (+ bias) with eltwise post-ops (relu, swish, tanh)";
  let description = [{
    dst = post_ops(op(src) x op(weights) + bias); op transposes with
    `trans_src` / `trans_weights`. `post_ops` lists eltwise algorithms
    applied in order; `scale` multiplies each entry first (e.g. a gate
    value row, given as `mul`, is a binary post-op).
  }];
  let arguments = (ins Dnnl_Tensor:$src, Dnnl_Tensor:$weights,
                       Optional<Dnnl_Tensor>:$bias,
                       Optional<Dnnl_Tensor>:$mul,
                       UnitAttr:$trans_src, UnitAttr:$trans_weights,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$post_ops);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = [{
    $src `,` $weights (`bias` $bias^)? (`mul` $mul^)? attr-dict `:`
    functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def Dnnl_EltwiseOp : Dnnl_Op<"eltwise", [Pure, SameOperandsAndResultType]> {
  let summary = "eltwise forward: relu, swish, tanh, linear (alpha x + beta), square";
  let arguments = (ins Dnnl_EltwiseAlgAttr:$alg, Dnnl_Tensor:$src,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.0">:$beta);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "custom<QuotedWord>($alg) $src attr-dict `:` type($src)";
}

def Dnnl_EltwiseBwdOp : Dnnl_Op<"eltwise_bwd", [Pure,
    AllTypesMatch<["data", "diff_dst", "result"]>]> {
  let summary = "eltwise backward from the forward source (or, with from_dst, its result)";
  let arguments = (ins Dnnl_EltwiseAlgAttr:$alg, Dnnl_Tensor:$data,
                       Dnnl_Tensor:$diff_dst, UnitAttr:$from_dst);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = [{
    custom<QuotedWord>($alg) $data `,` $diff_dst attr-dict `:` type($data)
  }];
}

def Dnnl_BinaryOp : Dnnl_Op<"binary", [Pure]> {
  let summary = "binary add, sub, mul, min, le, lt (1.0 or 0.0); rhs may be a 1 x N row broadcast over rows";
  let arguments = (ins Dnnl_BinaryAlgAttr:$alg, Dnnl_Tensor:$lhs,
                       Dnnl_Tensor:$rhs);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = [{
    custom<QuotedWord>($alg) $lhs `,` $rhs attr-dict `:` type($lhs) `,`
    type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Dnnl_ConcatOp : Dnnl_Op<"concat", [Pure]> {
  let summary = "concatenation along the features";
  let arguments = (ins Variadic<Dnnl_Tensor>:$srcs);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "$srcs attr-dict `:` functional-type($srcs, $result)";
  let hasVerifier = 1;
}

def Dnnl_SliceOp : Dnnl_Op<"slice", [Pure]> {
  let summary = "columns [offset, offset + n) (a reorder from a sub-memory)";
  let arguments = (ins Dnnl_Tensor:$src, I64Attr:$offset);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "$src `[` $offset `]` attr-dict `:` functional-type($src, $result)";
  let hasVerifier = 1;
}

def Dnnl_ReductionOp : Dnnl_Op<"reduction", [Pure]> {
  let summary = "sum or mean over the rows (B x N -> 1 x N) or all (-> 1 x 1)";
  let arguments = (ins Dnnl_ReductionAlgAttr:$alg, Dnnl_Tensor:$src);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = [{
    custom<QuotedWord>($alg) $src attr-dict `:` functional-type($src, $result)
  }];
  let hasVerifier = 1;
}

def Dnnl_SumOp : Dnnl_Op<"sum", [Pure, SameOperandsAndResultType]> {
  let summary = "weighted sum of same-shape tensors";
  let arguments = (ins Variadic<Dnnl_Tensor>:$srcs, F32ArrayAttr:$scales);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "$srcs attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Dnnl_NormOp : Dnnl_Op<"norm", [Pure, AllTypesMatch<["src", "result"]>,
    AllTypesMatch<["scale", "shift"]>]> {
  let summary = "layer or batch normalization forward";
  let description = [{
    With the batch's statistics, or with `stats` (a batch normalization's
    running mean and variance, 1-D state) normalised by those instead.
  }];
  let arguments = (ins Dnnl_NormKindAttr:$kind, Dnnl_Tensor:$src,
                       Dnnl_Tensor:$scale, Dnnl_Tensor:$shift,
                       Variadic<Dnnl_Tensor>:$stats);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = [{
    custom<QuotedWord>($kind) $src `,` $scale `,` $shift
    (`stats` `(` $stats^ `:` type($stats) `)`)? attr-dict `:`
    type($src) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def Dnnl_NormBwdOp : Dnnl_Op<"norm_bwd", [Pure,
    AllTypesMatch<["src", "diff_dst", "diff_src"]>,
    AllTypesMatch<["scale", "diff_scale", "diff_shift"]>]> {
  let summary = "normalization backward: diff src, diff scale, diff shift";
  let arguments = (ins Dnnl_NormKindAttr:$kind, Dnnl_Tensor:$src,
                       Dnnl_Tensor:$scale, Dnnl_Tensor:$diff_dst,
                       Variadic<Dnnl_Tensor>:$stats);
  let results = (outs Dnnl_Tensor:$diff_src, Dnnl_Tensor:$diff_scale,
                      Dnnl_Tensor:$diff_shift);
  let assemblyFormat = [{
    custom<QuotedWord>($kind) $src `,` $scale `,` $diff_dst
    (`stats` `(` $stats^ `:` type($stats) `)`)? attr-dict `:`
    type($src) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def Dnnl_UpdateStatsOp : Dnnl_Op<"update_stats",
    [Dnnl_UpdatesState]> {
  let summary = "running batch-norm statistics towards src's (host kernel)";
  let arguments = (ins Dnnl_Tensor:$src, StrAttr:$mean, StrAttr:$var,
                       F64Attr:$momentum);
  let assemblyFormat = "$src `into` $mean `,` $var attr-dict `:` type($src)";
  let hasVerifier = 1;
}

def Dnnl_BernoulliOp : Dnnl_Op<"bernoulli", [SameOperandsAndResultType,
    Dnnl_DrawsGates]> {
  let summary = "xi ~ Bernoulli(theta) from the executor's seeded generator";
  let description = [{
    With `relax`, each unit is instead drawn uniform in (0, 1) with that
    probability (the relaxed theta estimator; see ofex.xi).
  }];
  let arguments = (ins Dnnl_Tensor:$theta, OptionalAttr<F64Attr>:$relax);
  let results = (outs Dnnl_Tensor:$result);
  let assemblyFormat = "$theta attr-dict `:` type($theta)";
}

def Dnnl_AdamOp : Dnnl_Op<"adam", [Dnnl_UpdatesState]> {
  let summary = "bias-corrected Adam step on the named param and its moments";
  let arguments = (ins StrAttr:$param, Dnnl_Tensor:$grad, F64Attr:$lr,
                       F64Attr:$beta1, F64Attr:$beta2, F64Attr:$eps);
  let assemblyFormat = "$param `,` $grad attr-dict `:` type($grad)";
}

def Dnnl_ThetaStepOp : Dnnl_Op<"theta_step", [Dnnl_UpdatesState,
    AllTypesMatch<["grad", "penalty"]>]> {
  let summary = "projected theta step of a named gate group (host kernel)";
  let arguments = (ins StrAttr:$group, Dnnl_Tensor:$grad, Dnnl_Tensor:$penalty,
                       F64Attr:$lr, F64Attr:$tol, I64Attr:$freeze_steps,
                       UnitAttr:$keep_one, OptionalAttr<F64Attr>:$momentum);
  let assemblyFormat = "$group `,` $grad `,` $penalty attr-dict `:` type($grad)";
}

#endif // DNNL_OPS_TD
