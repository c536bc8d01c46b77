//===- Differentiate.h - reverse-mode differentiation -----------*- C++ -*-===//
//
// Training graphs are built in two steps. buildChain inlines networks of a
// model, in wiring order, into one func.func (a "chain": the OFENet update
// runs phi_o -> phi_oa -> aux, the critic update q1 alone). Its gates draw
// their values with an explicit ofex.xi op so the forward pass and the
// gradient see the same xi. differentiate then generates the function that
// recomputes the forward pass and returns, by reverse mode, the gradient of
// every param, of the chain's inputs and of every gate value (dL/dxi, the
// straight-through theta signal).
//
// Arguments and results are named by `ofex.arg` / `ofex.result` attributes:
//   args:    "input:<i>", "cotangent:<i>", "target"
//   results: "output:<i>", "loss", "d:input:<i>", "d:param:<name>",
//            "d:xi:<group>"
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRANSFORMS_DIFFERENTIATE_H
#define OFEX_TRANSFORMS_DIFFERENTIATE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace ofex {

/// Inlines `networks` (names; all of them when empty) into a new func.func
/// `name` appended to the module. Params and thetas are renamed
/// `<network>.<name>`. Chain arguments are the model inputs and the outputs
/// of networks outside the chain that it reads; results are the outputs of
/// the chain's networks that nothing in the chain consumes, or with
/// `allOutputs` every output of every network in the chain, in order.
mlir::FailureOr<mlir::func::FuncOp>
buildChain(mlir::ModuleOp module, llvm::ArrayRef<std::string> networks,
           llvm::StringRef name, bool allOutputs = false);

struct GradOptions {
  /// "none": one cotangent argument per result; "mse": a target argument
  /// for result 0 and the mean squared error as the first result.
  std::string loss = "none";
  bool inputGrads = true;
  /// With inputGrads, the gradients of these inputs only (empty: every
  /// input's); the policy update needs dQ/da but not dQ/dz_o.
  std::vector<unsigned> onlyInputs;
  bool paramGrads = true;
  /// Non-empty: also generate a function of this name, the forward pass
  /// alone, returning its outputs ("output:<i>") and every forward value the
  /// backward reads ("saved:<k>"; gate draws included; state reads and
  /// normalizations are repeated in the gradient from saved inputs). The
  /// gradient function then takes those as arguments ("saved:<k>") instead of
  /// recomputing the forward pass, and no longer returns the outputs: run
  /// the forward, compute the cotangents from its outputs, bind its saved
  /// results, run the gradient. The policy update needs pi's outputs before
  /// its cotangents exist; this runs pi's forward pass once instead of twice.
  std::string savedForward;
};

/// Generates `name`, the gradient function of `forward`, after it.
mlir::FailureOr<mlir::func::FuncOp> differentiate(mlir::func::FuncOp forward,
                                                  const GradOptions &options,
                                                  llvm::StringRef name);

/// Marks every sampled gate draw of `chain` relaxed with probability
/// `relax` (ofex.xi's `relax`): the relaxed theta estimator. Its gradient
/// function then also returns each draw, as `xi:<group>` (or, with a saved
/// forward pass, the forward's `saved:xi:<group>`). Returns the draws marked.
unsigned relaxGateDraws(mlir::func::FuncOp chain, double relax);

/// Makes a chain of the twin critics return min(Q1, Q2) of its two results
/// instead of both (an ofex.min), so that one gradient function yields the
/// policy loss's Q and its gradient without first running the forward pass
/// to see which critic is smaller.
mlir::LogicalResult returnTwinMinimum(mlir::func::FuncOp chain);

/// The policy update's gradient function `name`: returnTwinMinimum on the
/// twin critics' chain, then reverse mode for the gradient of min(Q1, Q2) in
/// the chain's last input (the action) alone, without param gradients.
mlir::FailureOr<mlir::func::FuncOp>
differentiateTwinMinimum(mlir::func::FuncOp chain, llvm::StringRef name);

struct AdamOptions {
  double lr = 3e-4, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

/// Turns a gradient function into a training step: every "d:param:<name>"
/// result feeds an ofex.adam update of that param and leaves the results.
void appendAdamUpdates(mlir::func::FuncOp grad, const AdamOptions &options);

} // namespace ofex

#endif // OFEX_TRANSFORMS_DIFFERENTIATE_H
