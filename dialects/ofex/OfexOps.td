//===- OfexOps.td - ofex operations ------------------------*- tablegen -*-===//

#ifndef OFEX_OPS_TD
#define OFEX_OPS_TD

include "OfexDialect.td"
include "OfexEnums.td"
include "mlir/IR/FunctionInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Ofex_Tensor : TensorOf<[F32]>;

// Named state and the gate draws' generator (ofex/StateResource.h): reads of
// state are effects, so that no pass merges or moves one across an update.
def Ofex_State : Resource<"::ofex::StateResource">;
def Ofex_GateDraws : Resource<"::ofex::GateDrawResource">;
def Ofex_ReadsState : MemoryEffects<[MemRead<Ofex_State>]>;
def Ofex_UpdatesState : MemoryEffects<[MemRead<Ofex_State>, MemWrite<Ofex_State>]>;
def Ofex_DrawsGates
    : MemoryEffects<[MemRead<Ofex_GateDraws>, MemWrite<Ofex_GateDraws>]>;

//===----------------------------------------------------------------------===//
// Structure: networks, the model that wires them, returns and applications.
//===----------------------------------------------------------------------===//

def Ofex_NetworkOp : Ofex_Op<"network", [
    FunctionOpInterface, IsolatedFromAbove, Symbol, CallableOpInterface]> {
  let summary = "a named network: a function from input tensors to outputs";
  let description = [{
    A network's body computes its outputs from its arguments and from the
    params and thetas it owns. `role` is `deploy` (shipped with the agent) or
    `learn` (needed only for training); `family` (`ofe`, `pi`, `q`) selects
    the sparsity coefficient nu of its gates.

    ```mlir
    ofex.network @pi(%z: tensor<?x257xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>)
        attributes {role = "deploy", family = "pi"} { ... }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       Ofex_RoleAttr:$role,
                       Ofex_FamilyAttr:$family,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::FunctionType":$type,
                                 "Role":$role, "Family":$family)>];
  let extraClassDeclaration = [{
    // FunctionOpInterface
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() { return getFunctionType().getInputs(); }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() { return getFunctionType().getResults(); }
    // CallableOpInterface
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getCallableResults() { return getResultTypes(); }
    bool isDeploy() { return getRole() == Role::deploy; }
    ::mlir::Block &getEntry() { return getBody().front(); }
  }];
}

def Ofex_ReturnOp : Ofex_Op<"return", [Pure, HasParent<"NetworkOp">,
                                       Terminator, ReturnLike]> {
  let summary = "returns a network's outputs";
  let arguments = (ins Variadic<Ofex_Tensor>:$operands);
  let assemblyFormat = "$operands attr-dict `:` type($operands)";
  let hasVerifier = 1;
}

def Ofex_ModelOp : Ofex_Op<"model", [Symbol, SingleBlock, NoTerminator,
    IsolatedFromAbove]> {
  let summary = "wires networks together and names the model's inputs";
  let description = [{
    The body applies networks to the model inputs and to each other's outputs;
    this wiring tells which network reads which features (z_o feeds pi and
    phi_oa, z_oa feeds the critics and the auxiliary head), which the
    complexity analysis and dead-unit elimination follow across networks.

    ```mlir
    ofex.model @agent(%o: tensor<?x17xf32>, %a: tensor<?x6xf32>) {
      %z = ofex.apply @phi_o(%o) : (tensor<?x17xf32>) -> tensor<?x257xf32>
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
}

def Ofex_ApplyOp : Ofex_Op<"apply", [HasParent<"ModelOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "applies a network inside a model";
  let arguments = (ins FlatSymbolRefAttr:$network, Variadic<Ofex_Tensor>:$inputs);
  let results = (outs Variadic<Ofex_Tensor>:$outputs);
  let assemblyFormat = [{
    $network `(` $inputs `)` attr-dict `:` functional-type($inputs, $outputs)
  }];
}

//===----------------------------------------------------------------------===//
// State: learnable params and gate thetas.
//===----------------------------------------------------------------------===//

def Ofex_ParamOp : Ofex_Op<"param", [Ofex_ReadsState]> {
  let summary = "a named learnable tensor of the enclosing network";
  let description = [{
    `init` is how the runtime initialises it: `glorot` (uniform, fan-in and
    fan-out of a 2-D weight), `zeros` or `ones`.
  }];
  let arguments = (ins StrAttr:$name, Ofex_InitKindAttr:$init);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    $name `init` `(` custom<QuotedWord>($init) `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Ofex_StatOp : Ofex_Op<"stat", [Ofex_ReadsState]> {
  let summary = "a named running statistic of the enclosing network (not learned)";
  let description = [{
    The running mean or variance a batch normalization keeps for evaluation:
    training graphs update it (`ofex.update_stats`), nothing differentiates
    it, and it is not a parameter (the cost model does not count it). `init`
    is `zeros` (a mean) or `ones` (a variance). Stat and param names share one
    namespace: both are state keys `<network>.<name>`.

    ```mlir
    %m = ofex.stat "l1.mean" init("zeros") : tensor<30xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, Ofex_InitKindAttr:$init);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    $name `init` `(` custom<QuotedWord>($init) `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Ofex_ThetaOp : Ofex_Op<"theta", [Ofex_ReadsState]> {
  let summary = "the theta vector of a gate group (one entry per unit)";
  let description = [{
    The group's full name is `<network>.<name>`. `values`, when present, holds
    the current theta (each in [0, 1]); without it theta is 1 everywhere.
  }];
  let arguments = (ins StrAttr:$name, OptionalAttr<DenseF32ArrayAttr>:$values);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$name (`=` $values^)? attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getUnits();
    // theta of unit k: the stored value, or 1 when none is stored.
    float getTheta(int64_t k);
  }];
}

//===----------------------------------------------------------------------===//
// Computation.
//===----------------------------------------------------------------------===//

def Ofex_LinearOp : Ofex_Op<"linear", [Pure]> {
  let summary = "y = x W (+ b): batch x in times in x out";
  let arguments = (ins Ofex_Tensor:$input, Ofex_Tensor:$weight,
                       Optional<Ofex_Tensor>:$bias);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:`
    functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def Ofex_ActOp : Ofex_Op<"act", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise activation: relu, swish (x sigmoid(x)), tanh, identity";
  let arguments = (ins Ofex_ActKindAttr:$kind, Ofex_Tensor:$input);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "custom<Keyword>($kind) $input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Ofex_NormOp : Ofex_Op<"norm", [Pure,
    AllTypesMatch<["input", "result"]>, AllTypesMatch<["scale", "shift"]>]> {
  let summary = "layer or batch normalization with a per-unit scale and shift";
  let description = [{
    `layer` normalises each row over its units; `batch` normalises each unit
    over the rows of the batch (per-unit statistics, so pruning a unit leaves
    the others untouched). A batch normalization may name its running mean
    and variance (`running`, two `ofex.stat` values): training graphs still
    normalise with the batch's statistics and update the running ones, while
    with `inference` the op normalises with the running statistics instead
    (acting on one observation, evaluation, features read by the agent).

    ```mlir
    %y = ofex.norm batch %h, %s, %b running(%m, %v : tensor<30xf32>, tensor<30xf32>)
           : tensor<?x30xf32>, tensor<30xf32>
    %e = ofex.norm batch inference %h, %s, %b running(...) : ...
    ```
  }];
  let arguments = (ins Ofex_NormKindAttr:$kind, Ofex_Tensor:$input,
                       Ofex_Tensor:$scale, Ofex_Tensor:$shift, Variadic<Ofex_Tensor>:$running,
                       UnitAttr:$inference);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    custom<Keyword>($kind) (`inference` $inference^)? $input `,` $scale `,`
    $shift (`running` `(` $running^ `:` type($running) `)`)? attr-dict `:`
    type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The running mean and variance, or null values when there are none.
    ::mlir::Value getRunningMean() {
      return getRunning().empty() ? ::mlir::Value() : getRunning()[0];
    }
    ::mlir::Value getRunningVar() {
      return getRunning().empty() ? ::mlir::Value() : getRunning()[1];
    }
  }];
}

def Ofex_ConcatOp : Ofex_Op<"concat", [Pure]> {
  let summary = "concatenates batch x features values along the features";
  let arguments = (ins Variadic<Ofex_Tensor>:$inputs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $result)";
  let hasVerifier = 1;
}

def Ofex_GateOp : Ofex_Op<"gate", [AllTypesMatch<["input", "result"]>,
    Ofex_DrawsGates]> {
  let summary = "multiplies each unit (column) by its gate value xi";
  let description = [{
    Modes: `sample` draws xi ~ Bernoulli(theta) (training; one draw per unit
    shared by the rows of a batch), `expect` uses xi = theta, `threshold` uses
    xi = [theta >= 0.5], `fixed` uses the operand as xi itself (after pruning,
    where theta is 0 or 1, and to differentiate with respect to xi).
  }];
  let arguments = (ins Ofex_GateModeAttr:$mode, Ofex_Tensor:$input,
                       Ofex_Tensor:$theta);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    custom<Keyword>($mode) $input `,` $theta attr-dict `:`
    type($input) `,` type($theta)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The theta op feeding this gate, or null in fixed mode with given xi.
    ThetaOp getThetaOp();
  }];
}

include "OfexTrainingOps.td"

#endif // OFEX_OPS_TD
