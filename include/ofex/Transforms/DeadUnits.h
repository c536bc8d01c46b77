//===- DeadUnits.h - eliminate pruned units from a model --------*- C++ -*-===//
//
// When theta_k < theta_tol, unit k is dead for good. Elimination rewrites the
// model into a physically smaller one: the producing linear layer loses the
// unit's weight column and bias entry, its normalization the scale/shift
// entries, its gate the theta entry, and every consumer (later DenseNet
// layers, downstream networks through the model's wiring) the matching weight
// rows. A layer whose units all died disappears with its gate and its concat
// operand. Index maps from old to new positions let the runtime carry weights,
// optimizer moments, theta and target copies over exactly.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRANSFORMS_DEADUNITS_H
#define OFEX_TRANSFORMS_DEADUNITS_H

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace ofex {

/// Which old positions survive, per dimension of a param (rows, then columns
/// for a 2-D weight), in increasing order. `removed` params are gone.
struct ParamMap {
  std::vector<int64_t> oldShape;
  std::vector<std::vector<int64_t>> keep;
  bool removed = false;
  bool identity() const;
};

struct GroupReport {
  int64_t unitsBefore = 0, unitsAfter = 0;
  std::vector<int64_t> keep; ///< surviving old unit indices
  bool layerRemoved = false;
};

struct PruneResult {
  /// Keyed by `<network>.<param name>` (e.g. `pi.l1.w`); running
  /// statistics (`phi_o.l1.mean`) are sliced like params and listed here too.
  std::map<std::string, ParamMap> params;
  /// Keyed by gate group `<network>.<group>`.
  std::map<std::string, GroupReport> groups;
  int64_t unitsRemoved = 0;
};

/// Removes every unit with theta < thetaTol from the module in place. On
/// failure emits a located diagnostic and leaves the module unchanged.
mlir::FailureOr<PruneResult> eliminateDeadUnits(mlir::ModuleOp module,
                                                double thetaTol);

/// Gathers old entries into the new layout of a param (row-major).
std::vector<float> gatherParam(const ParamMap &map,
                               const std::vector<float> &old);

/// How the deployment networks treat their gates.
enum class DeployGates {
  Remove, ///< surviving units are on, xi = 1: the shipped policy
  Expect, ///< xi = theta: the policy training's gates average to
};

/// A standalone module holding only the deployment networks and a model that
/// wires them; gates are removed (surviving units are on, xi = 1), or with
/// DeployGates::Expect kept in expectation mode (to measure what removing
/// them changes).
mlir::OwningOpRef<mlir::ModuleOp>
exportDeployment(mlir::ModuleOp module,
                 DeployGates gates = DeployGates::Remove);

} // namespace ofex

#endif // OFEX_TRANSFORMS_DEADUNITS_H
