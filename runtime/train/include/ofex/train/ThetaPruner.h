//===- ThetaPruner.h - the theta step, gate statistics, elimination -*- C++
//-*-===//
//
// Online pruning's own part of an agent: the projected step on every theta
// (the straight-through or relaxed gate gradients of the last updates
// against the complexity penalties of the compiler's cost model), the
// running sums behind gates.csv, and the elimination of dead units with the
// migration of every state tensor they own. The learners do not know about
// it: it reads their functions' gate gradients from CompiledNetworks.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_THETAPRUNER_H
#define OFEX_TRAIN_THETAPRUNER_H

#include "ofex/Analysis/Complexity.h"
#include "ofex/Transforms/DeadUnits.h"
#include "ofex/rt/StateStore.h"
#include "ofex/train/CompiledNetworks.h"
#include "ofex/train/Saveable.h"

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ofex::train {

/// Online pruning: the theta step and its complexity-aware penalties.
struct PruneOptions {
  bool enabled = false;
  Coefficients coefficients; ///< nu per family and rho
  double thetaLr = 1.0;
  double thetaTol = 0.1;
  /// The theta gradient's estimator. 0: straight-through, dL/dxi at every
  /// Bernoulli draw. q in (0, 1]: the relaxed estimator, where each unit's
  /// gate is, with probability q, drawn uniform in (0, 1) instead, and only
  /// those draws move theta, by dL/dxi / q: over the uniform draw that
  /// averages to L(xi = 1) - L(xi = 0), the exact theta gradient of the
  /// expected loss, which the straight-through slope at xi = 1 underrates.
  double relax = 0.0;
  /// b in [0, 1): the theta step follows m = b m + (1 - b) (g + c) instead
  /// of each step's g + c (ThetaStepOp's momentum); 0: each step's.
  double momentum = 0.0;
  /// coefficients.kind == Time: the layers' measured times, and the name
  /// errors give it (the file it came from).
  std::optional<CostTable> costTable;
  std::string costTableName;
};

/// Readies a cost model for the penalties of `prune`: with the time cost, the
/// table's times; throws std::invalid_argument naming the table when it
/// lacks a layer of the model or, for a model not pruned yet (`unpruned`),
/// was measured at other widths.
void applyCostOptions(CostModel &cost, const PruneOptions &prune,
                      bool unpruned);

/// How the theta step's two forces compared in one gate group since the last
/// takeGateBalance(): the straight-through gradient g (negative: the loss
/// wants the unit) against the complexity penalty c (always >= 0). A unit
/// whose mean g + c stays > 0 is driven to theta 0.
struct GateBalance {
  std::string group;
  int64_t live = 0;    ///< units with theta > 0
  int64_t steps = 0;   ///< theta steps averaged over
  double theta = 0;    ///< mean theta of the live units (now)
  double g = 0, c = 0; ///< mean over live units and steps
  double keep = 0;     ///< fraction of live units with mean g + c < 0
};

class ThetaPruner : public Saveable {
public:
  explicit ThetaPruner(PruneOptions options) : opts(std::move(options)) {}
  const PruneOptions &options() const { return opts; }

  /// Derives the cost model of `model` (again after every elimination);
  /// `unpruned`: the preset's model, at the cost table's widths.
  void attach(mlir::ModuleOp model, bool unpruned);
  /// One projected step on every theta: clip(theta - lr (g + c), 0, 1) with
  /// g the gate gradients of the last updates (OFENet's gates from the
  /// auxiliary loss, pi's from the policy loss, the critics' from theirs)
  /// and c the penalties at the current theta; a unit whose theta falls
  /// below theta_tol is pruned (theta fixed at 0). Nothing without pruning.
  void step(CompiledNetworks &nets, const rt::StateStore &state);
  /// The gate balance of every group since the last call (or the last
  /// elimination, which renumbers units), then starts a new interval.
  /// Empty when no theta step ran in the interval.
  std::vector<GateBalance> takeGateBalance(const rt::StateStore &state);
  /// Removes the units whose theta is 0 from `model` and carries every
  /// state tensor they own over (weights, Adam moments, target copies,
  /// theta and its velocity). Nothing (no elimination) when no unit is
  /// dead; the caller recompiles otherwise.
  std::optional<PruneResult> eliminate(mlir::ModuleOp model,
                                       rt::StateStore &state);

  /// gates.csv's running sums (balance.*): a resume continues the interval
  /// it fell in; a warm start begins its own.
  void save(io::Checkpoint &checkpoint) const override;
  void restore(const io::Checkpoint &checkpoint, Restore mode) override;

private:
  /// The gate gradients of the last updates by group (relaxed: only the
  /// relaxed draws' gradients, scaled), pointing into the functions'
  /// results or into relaxedGrad.
  std::map<std::string, const float *> gateGradients(CompiledNetworks &nets);
  /// Every group's theta in the cost model's order, and its penalties.
  void computePenalties(const rt::StateStore &state);
  void accumulate(const std::map<std::string, const float *> &grads);

  PruneOptions opts;
  std::unique_ptr<CostModel> cost;
  // Scratch, sized once per model.
  std::vector<float> thetaFlat, penalty, zeros, relaxedGrad;
  /// The running sums behind takeGateBalance, per unit in the cost model's
  /// order, over the theta steps of the current interval.
  struct BalanceSums {
    std::vector<double> g, c;
    int64_t steps = 0;
  };
  BalanceSums sums;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_THETAPRUNER_H
