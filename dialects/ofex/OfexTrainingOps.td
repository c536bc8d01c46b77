//===- OfexTrainingOps.td - ops of training graphs ---------*- tablegen -*-===//
//
// The ops that differentiation and the optimizer steps generate: adjoints of
// the network ops, losses, and the in-place updates of named state (params,
// their Adam moments, theta).
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAINING_OPS_TD
#define OFEX_TRAINING_OPS_TD

def Ofex_XiOp : Ofex_Op<"xi", [AllTypesMatch<["theta", "result"]>,
    Ofex_DrawsGates]> {
  let summary = "gate values of a group: xi ~ Bernoulli(theta), theta, or [theta >= 0.5]";
  let description = [{
    Training graphs draw the gate values once, so the forward pass and the
    straight-through gradient dL/dxi use the same xi. `sample` draws one xi
    per unit shared by the rows of the batch, from the executor's seeded
    generator.

    `relax` (sample mode only, in (0, 1]): each unit is, with that
    probability, drawn uniform in (0, 1) instead of from Bernoulli(theta).
    Over the uniform draw, dL/dxi averages to L(xi = 1) - L(xi = 0), the
    exact gradient of the expected loss in theta, where the straight-through
    dL/dxi at xi = 1 is only the loss's slope at full strength.
  }];
  let arguments = (ins Ofex_GateModeAttr:$mode, Ofex_Tensor:$theta,
                       OptionalAttr<F64Attr>:$relax);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "custom<Keyword>($mode) $theta attr-dict `:` type($theta)";
  let hasVerifier = 1;
}

def Ofex_MatmulOp : Ofex_Op<"matmul", [Pure]> {
  let summary = "matrix product with optional transposes: op(lhs) x op(rhs)";
  let arguments = (ins Ofex_Tensor:$lhs, Ofex_Tensor:$rhs,
                       UnitAttr:$transpose_lhs, UnitAttr:$transpose_rhs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
  let hasVerifier = 1;
}

def Ofex_ReduceRowsOp : Ofex_Op<"reduce_rows", [Pure]> {
  let summary = "sum over the batch rows: batch x n -> n";
  let arguments = (ins Ofex_Tensor:$input);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $result)";
  let hasVerifier = 1;
}

def Ofex_ActGradOp : Ofex_Op<"act_grad", [Pure,
    AllTypesMatch<["input", "grad", "result"]>]> {
  let summary = "dx = dy * act'(x)";
  let description = [{
    With `from_result` the operand is the activation's result y = act(x)
    (relu: act' = [y > 0]; tanh: 1 - y^2), so the pre-activation need not be
    kept and the linear layer before can carry the activation as a post-op.
  }];
  let arguments = (ins Ofex_ActKindAttr:$kind, Ofex_Tensor:$input,
                       Ofex_Tensor:$grad, UnitAttr:$from_result);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    custom<Keyword>($kind) (`from_result` $from_result^)? $input `,` $grad
    attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Ofex_NormGradOp : Ofex_Op<"norm_grad", [Pure,
    AllTypesMatch<["input", "grad", "dinput"]>,
    AllTypesMatch<["scale", "dscale", "dshift"]>]> {
  let summary = "gradients of a normalization: dx, dscale, dshift";
  let description = [{
    With `inference` (and the forward's running statistics) the statistics
    are constants: dx = dy * scale / sqrt(var + eps).
  }];
  let arguments = (ins Ofex_NormKindAttr:$kind, Ofex_Tensor:$input,
                       Ofex_Tensor:$scale, Ofex_Tensor:$grad, Variadic<Ofex_Tensor>:$running,
                       UnitAttr:$inference);
  let results = (outs Ofex_Tensor:$dinput, Ofex_Tensor:$dscale,
                      Ofex_Tensor:$dshift);
  let assemblyFormat = [{
    custom<Keyword>($kind) (`inference` $inference^)? $input `,` $scale `,`
    $grad (`running` `(` $running^ `:` type($running) `)`)? attr-dict `:`
    type($input) `,` type($scale)
  }];
  let hasVerifier = 1;
}

def Ofex_UpdateStatsOp : Ofex_Op<"update_stats",
    [Ofex_UpdatesState]> {
  let summary = "moves named running statistics towards a batch's statistics";
  let description = [{
    With the per-unit mean m and unbiased variance s2 of `input` over its
    rows:
      mean = (1 - momentum) mean + momentum m
      var  = (1 - momentum) var + momentum s2
    `mean` and `var` are the state keys of two ofex.stat values.
  }];
  let arguments = (ins Ofex_Tensor:$input, StrAttr:$mean, StrAttr:$var,
                       F64Attr:$momentum);
  let assemblyFormat = [{
    $input `into` $mean `,` $var attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
}

def Ofex_SliceOp : Ofex_Op<"slice", [Pure]> {
  let summary = "columns [offset, offset + size) of a batch x n value";
  let arguments = (ins Ofex_Tensor:$input, I64Attr:$offset);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $offset `]` attr-dict `:` functional-type($input, $result)
  }];
  let hasVerifier = 1;
}

def Ofex_AddOp : Ofex_Op<"add", [Pure, Commutative,
    AllTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "elementwise sum (accumulates cotangents of shared values)";
  let arguments = (ins Ofex_Tensor:$lhs, Ofex_Tensor:$rhs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Ofex_MulOp : Ofex_Op<"mul", [Pure, Commutative,
    AllTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "elementwise product";
  let arguments = (ins Ofex_Tensor:$lhs, Ofex_Tensor:$rhs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Ofex_MinOp : Ofex_Op<"min", [Pure, Commutative,
    AllTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "elementwise minimum (the twin critics' min(Q1, Q2))";
  let description = [{
    Its adjoint routes each entry's cotangent to the operand that was chosen:
    to `lhs` where lhs <= rhs, else to `rhs` (ties go to `lhs`).
  }];
  let arguments = (ins Ofex_Tensor:$lhs, Ofex_Tensor:$rhs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Ofex_CompareOp : Ofex_Op<"compare", [Pure,
    AllTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "elementwise predicate as 1.0 or 0.0: `le` (lhs <= rhs) or `lt`";
  let arguments = (ins Ofex_PredicateAttr:$predicate, Ofex_Tensor:$lhs,
                       Ofex_Tensor:$rhs);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = [{
    custom<Keyword>($predicate) $lhs `,` $rhs attr-dict `:` type($lhs)
  }];
}

def Ofex_MseOp : Ofex_Op<"mse", [Pure, AllTypesMatch<["prediction", "target"]>]> {
  let summary = "mean squared error over all entries: mean((p - t)^2)";
  let arguments = (ins Ofex_Tensor:$prediction, Ofex_Tensor:$target);
  let results = (outs 0DTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` type($prediction) `->` type($result)
  }];
}

def Ofex_MseGradOp : Ofex_Op<"mse_grad", [Pure,
    AllTypesMatch<["prediction", "target", "result"]>]> {
  let summary = "d mse / d prediction = 2 (p - t) / (entries)";
  let arguments = (ins Ofex_Tensor:$prediction, Ofex_Tensor:$target);
  let results = (outs Ofex_Tensor:$result);
  let assemblyFormat = "$prediction `,` $target attr-dict `:` type($prediction)";
}

def Ofex_AdamOp : Ofex_Op<"adam", [Ofex_UpdatesState]> {
  let summary = "bias-corrected Adam step on a named param and its moments";
  let description = [{
    With the executor's update count t (from 1):
      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
      p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
  }];
  let arguments = (ins StrAttr:$param, Ofex_Tensor:$grad, F64Attr:$lr,
                       F64Attr:$beta1, F64Attr:$beta2, F64Attr:$eps);
  let assemblyFormat = "$param `,` $grad attr-dict `:` type($grad)";
}

def Ofex_ThetaStepOp : Ofex_Op<"theta_step", [Ofex_UpdatesState,
    AllTypesMatch<["grad", "penalty"]>]> {
  let summary = "projected step on a named theta: clip(theta - lr (g + c), 0, 1)";
  let description = [{
    Does nothing while the executor's update count is at most `freeze_steps`.
    A unit whose theta falls below `tol` is pruned: its theta is fixed at 0.
    With `keep_one` the group's last live unit is held at `tol` instead (the
    only input of the next layer of an MLP). With `momentum` b in (0, 1) the
    step follows an average of the signal instead of each step's: a state
    `theta-velocity:<group>` keeps m = b m + (1 - b) (g + c), and theta moves
    by lr m (a noisy estimator then cannot kill a unit in one step).
  }];
  let arguments = (ins StrAttr:$group, Ofex_Tensor:$grad, Ofex_Tensor:$penalty,
                       F64Attr:$lr, F64Attr:$tol, I64Attr:$freeze_steps,
                       UnitAttr:$keep_one, OptionalAttr<F64Attr>:$momentum);
  let assemblyFormat = "$group `,` $grad `,` $penalty attr-dict `:` type($grad)";
}

#endif // OFEX_TRAINING_OPS_TD
