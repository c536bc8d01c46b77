//===- Reports.h - what ofexc prints ----------------------------*- C++ -*-===//

#ifndef OFEX_REPORTS_REPORTS_H
#define OFEX_REPORTS_REPORTS_H

#include "ofex/Analysis/Complexity.h"
#include "ofex/Transforms/DeadUnits.h"

#include "llvm/Support/raw_ostream.h"

namespace ofex {

/// Per-network parameter counts and FLOPs per sample, with the deploy and
/// train totals; `json` follows the contract in docs/cli.md.
/// With `pruned`, also what dead-unit elimination removed per gate group.
void printSummary(mlir::ModuleOp module, bool json, llvm::raw_ostream &os,
                  const PruneResult *pruned = nullptr);

/// The expected cost at the module's theta and the per-unit marginal costs
/// (parameters) and penalties (of c.kind), per network and gate group.
/// `table`: the layers' times, which the time cost needs; a layer missing
/// from it fails with a diagnostic.
mlir::LogicalResult printCost(mlir::ModuleOp module, const Coefficients &c,
                              bool json, llvm::raw_ostream &os,
                              const CostTable *table = nullptr);

} // namespace ofex

#endif // OFEX_REPORTS_REPORTS_H
