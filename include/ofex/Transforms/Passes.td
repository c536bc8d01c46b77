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

def Differentiate : Pass<"ofex-differentiate", "mlir::ModuleOp"> {
  let summary = "generate forward and reverse-mode gradient functions";
  let description = [{
    Inlines the chosen networks of the model (in wiring order) into
    `func.func @<name>.forward` and generates `func.func @<name>.grad`, which
    recomputes the forward pass and returns the gradient of every param, of
    the inputs, and of every gate value (dL/dxi).
  }];
  let options = [
    ListOption<"networks", "networks", "std::string",
               "networks of the chain (default: all)">,
    Option<"chainName", "name", "std::string", "\"chain\"",
           "name of the generated functions">,
    Option<"loss", "loss", "std::string", "\"none\"",
           "none (cotangent arguments) or mse (a target argument)">,
    Option<"twinMin", "twin-min", "bool", "false",
           "the chain returns min of its two results (the twin critics)">,
    Option<"wrtLastInput", "wrt-last-input", "bool", "false",
           "input gradient of the last input only (the action)">,
    Option<"paramGrads", "param-grads", "bool", "true",
           "return the gradient of every param">,
    Option<"runningStats", "running-stats", "bool", "false",
           "batch norms normalise with their running statistics">,
    Option<"updateStats", "update-stats", "bool", "false",
           "the gradient function updates the running statistics">,
    Option<"momentum", "momentum", "double", "0.01",
           "momentum of the running-statistics update">,
    Option<"relax", "relax", "double", "0.0",
           "sampled gate draws are relaxed with this probability (the "
           "relaxed theta estimator; 0: plain Bernoulli draws)">,
    Option<"savedForward", "saved-forward", "bool", "false",
           "also generate <name>.fwd (forward pass returning the values the "
           "backward reads); <name>.grad reads them instead of recomputing">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def LowerOfexToDnnl : Pass<"lower-ofex-to-dnnl", "mlir::ModuleOp"> {
  let summary = "lower training graphs to oneDNN primitives at a fixed batch";
  let description = [{
    Rewrites every func.func made of ofex ops into dnnl ops over static
    shapes (the batch dimension becomes `batch`). A linear layer whose only
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
