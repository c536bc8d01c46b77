//===- Summary.h - static parameter and FLOP counts -------------*- C++ -*-===//
//
// The size of a module as written: every param's elements (weights and
// biases of linear layers, normalization scale and shift; theta is not a
// param) and the FLOPs per sample of every op at full width.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_ANALYSIS_SUMMARY_H
#define OFEX_ANALYSIS_SUMMARY_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace ofex {

struct NetworkSummary {
  std::string name;
  std::string role;
  std::string family;
  int64_t params = 0;
  int64_t flops = 0; ///< per sample
  int64_t gateUnits = 0;
};

struct ModuleSummary {
  std::vector<NetworkSummary> networks;
  int64_t deployParams = 0; ///< networks with role deploy
  int64_t trainParams = 0;  ///< every network: training needs them all
  int64_t deployFlops = 0, trainFlops = 0;
};

ModuleSummary summarize(mlir::ModuleOp module);

/// FLOPs per sample of one op at full width (0 for structural ops).
double opFlops(mlir::Operation *op);

} // namespace ofex

#endif // OFEX_ANALYSIS_SUMMARY_H
