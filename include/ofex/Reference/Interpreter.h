//===- Interpreter.h - reference evaluation of ofex models ------*- C++ -*-===//
//
// A direct, double-precision evaluation of a model with plain loops: the
// reference that compiled code, pruned models and gradients are checked
// against. Not fast, and not meant to be.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_REFERENCE_INTERPRETER_H
#define OFEX_REFERENCE_INTERPRETER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ofex::ref {

/// A row-major batch x units matrix.
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<double> data;
  double &at(int64_t r, int64_t c) { return data[r * cols + c]; }
  double at(int64_t r, int64_t c) const { return data[r * cols + c]; }
};

/// Param values by `<network>.<param name>`, row-major.
using Params = std::map<std::string, std::vector<float>>;

/// Initialises every param as its `init` says (glorot uniform, zeros, ones),
/// from a seeded generator, and every running statistic (ofex.stat) under its
/// state key.
Params initParams(mlir::ModuleOp module, uint64_t seed);

/// Gate values by group name; groups not named use their mode's rule with
/// the stored theta (sample and expect: xi = theta; threshold: theta >= 0.5).
using GateValues = std::map<std::string, std::vector<double>>;

/// Outputs of every network application, by network name.
using Outputs = std::map<std::string, std::vector<Matrix>>;

/// Evaluates the module's model on its inputs (batch norm uses the batch's
/// statistics unless marked `inference`; running statistics are never
/// updated here). Throws std::runtime_error on a missing param.
Outputs evaluate(mlir::ModuleOp module, const Params &params,
                 const std::vector<Matrix> &inputs, const GateValues &xi = {});

/// Evaluates a training-graph function (as built by buildChain and
/// differentiate); params are named as in the function. 1-D values are
/// 1 x n matrices, scalars 1 x 1.
std::vector<Matrix> evaluateFunction(mlir::func::FuncOp func,
                                     const Params &params,
                                     const std::vector<Matrix> &args,
                                     const GateValues &xi = {});

constexpr double kNormEpsilon = 1e-5;

} // namespace ofex::ref

#endif // OFEX_REFERENCE_INTERPRETER_H
