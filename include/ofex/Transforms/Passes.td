//===- Passes.td - ofex passes -----------------------------*- tablegen -*-===//

#ifndef OFEX_TRANSFORMS_PASSES_TD
#define OFEX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Complexity : Pass<"ofex-complexity", "mlir::ModuleOp"> {
  let summary = "derive expected cost and per-unit penalties of gated networks";
  let description = [{
    Computes, from the model's wiring and the current theta, the expected
    parameter count and FLOPs per sample of every network (per role and in
    total) and, for every gate unit k, the marginal cost dE[C]/dtheta_k split
    by role and the penalty c_k = nu_family * (deploy + rho * learn) of the
    `cost` option's kind (parameters by default). The
    results are written as attributes: `ofex.cost` on the model (totals),
    `ofex.cost` on each network, and `marginal_deploy`, `marginal_learn` and
    `penalty` arrays on each ofex.theta.
  }];
  let options = [
    Option<"rho", "rho", "double", "0.5", "weight of the learning-only cost">,
    Option<"nuOfe", "nu-ofe", "double", "2e-7", "nu of the OFENet gates">,
    Option<"nuPi", "nu-pi", "double", "1e-5", "nu of the policy gates">,
    Option<"nuQ", "nu-q", "double", "0.0", "nu of the critic gates">,
    Option<"cost", "cost", "std::string", "\"params\"",
           "what the penalties charge for: params, flops or time (with "
           "cost-table); flops and time in parameter-equivalents">,
    Option<"costTable", "cost-table", "std::string", "\"\"",
           "the layers' update times (ofex-bench --update --cost-table)">,
  ];
}

def EliminateDeadUnits : Pass<"ofex-eliminate-dead-units", "mlir::ModuleOp"> {
  let summary = "remove units whose theta fell below theta_tol";
  let description = [{
    Rewrites the model into a physically smaller one: dead units leave the
    producing linear layer (weight columns, bias), its normalization, its gate
    and theta, and every consumer's weight rows, across network boundaries.
    Layers whose units all died disappear with their gate and concat operand.
    The theta values are read from the ofex.theta ops.
  }];
  let options = [
    Option<"thetaTol", "theta-tol", "double", "0.1",
           "units with theta below this are dead">,
  ];
}

def ExtractChain : Pass<"ofex-extract-chain", "mlir::ModuleOp"> {
  let summary = "inline networks of the model into one function (a chain)";
  let description = [{
    Inlines the chosen networks of the model, in wiring order, into a new
    `func.func @<name>` appended to the module (buildChain): params and
    thetas renamed `<network>.<name>`, gate values drawn by explicit
    ofex.xi ops. Its arguments are the model inputs and the outputs of
    networks outside the chain that it reads; its results the outputs
    nothing in the chain consumes, or every output with `all-outputs`.
    With `rows`, lower-ofex-to-dnnl lowers it at that many rows instead of
    its `batch` (the acting policy runs one observation at a time).
  }];
  let options = [
    ListOption<"networks", "networks", "std::string",
               "networks of the chain (default: all)">,
    Option<"name", "name", "std::string", "\"chain.forward\"",
           "name of the generated function">,
    Option<"allOutputs", "all-outputs", "bool", "false",
           "return every output of every network in the chain">,
    Option<"rows", "rows", "int64_t", "0",
           "rows the function is lowered at (0: the lowering's batch)">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def UseRunningStats : Pass<"ofex-use-running-stats", "mlir::ModuleOp"> {
  let summary = "batch norms of a function normalise with running statistics";
  let description = [{
    Every batch norm of function `func` normalises with its running mean and
    variance instead of the batch's statistics: what every function but the
    OFENet update runs (the reference code's feature extraction).
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"", "the function">,
  ];
}

def RelaxGateDraws : Pass<"ofex-relax-gate-draws", "mlir::ModuleOp"> {
  let summary = "mark the sampled gate draws of a function relaxed";
  let description = [{
    Every sampled ofex.xi of function `func` is drawn relaxed with
    probability `relax` (the relaxed theta estimator); its gradient function
    then also returns each draw as `xi:<group>`.
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"", "the function">,
    Option<"relax", "relax", "double", "0.1",
           "probability of a relaxed draw, in (0, 1]">,
  ];
}

def ReturnTwinMinimum : Pass<"ofex-return-twin-minimum", "mlir::ModuleOp"> {
  let summary = "a twin-critic chain returns min(Q1, Q2)";
  let description = [{
    Function `func`, a chain whose two results are the twin critics' values,
    returns their minimum (an ofex.min) instead: the policy loss's Q.
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"", "the function">,
  ];
}

def Differentiate : Pass<"ofex-differentiate", "mlir::ModuleOp"> {
  let summary = "generate the reverse-mode gradient function of a function";
  let description = [{
    Generates `func.func @<name>` after function `func`: it recomputes the
    forward pass (or, with `saved-forward`, reads what that generated
    forward function saves) and returns, by reverse mode, the gradient of
    every param, of the inputs, and of every gate value (dL/dxi).
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"",
           "the function to differentiate">,
    Option<"gradName", "name", "std::string", "\"\"",
           "name of the gradient function (default: <func>.grad, a .forward suffix replaced)">,
    Option<"loss", "loss", "std::string", "\"none\"",
           "none (cotangent arguments) or mse (a target argument)">,
    Option<"inputGrads", "input-grads", "bool", "true",
           "return the gradients of the inputs">,
    Option<"wrtLastInput", "wrt-last-input", "bool", "false",
           "input gradient of the last input only (the action)">,
    Option<"paramGrads", "param-grads", "bool", "true",
           "return the gradient of every param">,
    Option<"savedForward", "saved-forward", "std::string", "\"\"",
           "also generate this function, the forward pass returning the "
           "values the backward reads; the gradient reads them instead of "
           "recomputing">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def AppendRunningStatUpdates
    : Pass<"ofex-append-running-stat-updates", "mlir::ModuleOp"> {
  let summary = "a training function moves the running statistics";
  let description = [{
    Function `func` (the OFENet update) also moves every batch norm's
    running mean and variance towards the batch's by `momentum`.
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"", "the function">,
    Option<"momentum", "momentum", "double", "0.01",
           "momentum of the running-statistics update">,
  ];
}

def AppendAdam : Pass<"ofex-append-adam", "mlir::ModuleOp"> {
  let summary = "turn a gradient function into an Adam training step";
  let description = [{
    Every `d:param:<name>` result of function `func` feeds an ofex.adam
    update of that param and leaves the results.
  }];
  let options = [
    Option<"func", "func", "std::string", "\"\"", "the gradient function">,
    Option<"lr", "lr", "double", "3e-4", "Adam's learning rate">,
    Option<"beta1", "beta1", "double", "0.9", "Adam's beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam's beta2">,
    Option<"eps", "eps", "double", "1e-8", "Adam's epsilon">,
  ];
}

def BuildThetaUpdate : Pass<"ofex-build-theta-update", "mlir::ModuleOp"> {
  let summary = "the theta step of every gate group as one function";
  let description = [{
    Appends `func.func @<name>`: for every ofex.theta of the model, in
    order, one ofex.theta_step fed two arguments, the group's gradient
    (`g:<group>`) and penalty (`c:<group>`). Gates outside OFENet keep at
    least one unit (`keep_one`).
  }];
  let options = [
    Option<"name", "name", "std::string", "\"theta.update\"",
           "name of the generated function">,
    Option<"lr", "lr", "double", "0.1", "theta's step size">,
    Option<"tol", "tol", "double", "0.1",
           "theta below which a unit is dead (and stays at 0)">,
    Option<"momentum", "momentum", "double", "0.0",
           "momentum of the step (0: none)">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def KeepFunctions : Pass<"ofex-keep-functions", "mlir::ModuleOp"> {
  let summary = "keep the named functions, in order, and nothing else";
  let description = [{
    Erases every operation of the module but the functions named in
    `names` (the networks, the chains only built to be differentiated) and
    orders those as listed: what is left is what the runtime executes.
  }];
  let options = [
    ListOption<"names", "names", "std::string", "the functions to keep">,
  ];
}

def LowerOfexToDnnl : Pass<"lower-ofex-to-dnnl", "mlir::ModuleOp"> {
  let summary = "lower training graphs to oneDNN primitives at a fixed batch";
  let description = [{
    Rewrites every func.func made of ofex ops into dnnl ops over static
    shapes (the batch dimension becomes `batch`, or the function's
    `ofex.rows` where ofex-extract-chain set it). A linear layer whose only
    user is an activation, itself only feeding a gate, becomes one matmul
    with bias, eltwise post-op and the gate row as a binary post-op.
  }];
  let options = [
    Option<"batch", "batch", "int64_t", "256", "rows of every activation">,
  ];
  let dependentDialects = ["ofex::dnnlir::DnnlDialect", "mlir::func::FuncDialect"];
}

def PlanBuffers : Pass<"ofex-plan-buffers", "mlir::ModuleOp"> {
  let summary = "assign buffer slots to dnnl values by liveness";
  let description = [{
    Gives every value of a dnnl function a `dnnl.slot`: values whose
    lifetimes do not overlap share a slot (of the same size), so a training
    step allocates nothing. Records `dnnl.bytes` (planned) and
    `dnnl.unplanned_bytes` (one buffer per value) on the function.
  }];
}

#endif // OFEX_TRANSFORMS_PASSES_TD
