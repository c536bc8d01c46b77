//===- CompiledFunction.h - a dnnl-dialect function, executable -*- C++ -*-===//
//
// Turns a func.func lowered to the dnnl dialect (lower-ofex-to-dnnl) into an
// ofex::exec::Plan and an Executor: one buffer per value (intermediates share
// storage by liveness), state buffers bound to a StateStore, arguments bound
// by the caller, results readable after run().
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_RT_COMPILEDFUNCTION_H
#define OFEX_RT_COMPILEDFUNCTION_H

#include "ofex/exec/Executor.h"
#include "ofex/rt/StateStore.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ofex::rt {

/// Builds the executor plan of a dnnl-dialect function. Arguments are
/// External buffers `arg:<ofex.arg>`, results Owned `result:<ofex.result>`,
/// state Owned under its state name (Adam moments as adam.m:/adam.v:).
/// Throws std::invalid_argument naming an op it cannot map.
exec::Plan buildPlan(mlir::func::FuncOp func);

/// Sets every gate group of `module` fully open: theta 1 for each unit.
void openAllGates(StateStore &store, mlir::Operation *module);

class CompiledFunction {
public:
  /// Maps a state name of the function to the store's key (e.g. a critic's
  /// params to its target copy's).
  using Rename = std::function<std::string(const std::string &)>;

  /// Builds the plan and the executor; binds every state buffer to `store`
  /// (creating missing entries zero-filled) under its (renamed) name.
  /// `precision`: the matmuls' arithmetic (exec/Precision.h).
  CompiledFunction(mlir::func::FuncOp func, StateStore &store,
                   uint64_t seed = 0, const Rename &rename = nullptr,
                   exec::Precision precision = exec::Precision::F32);

  /// Points argument `name` (its ofex.arg, e.g. "input:0", "target") at
  /// caller memory of rows x cols floats.
  void bindArg(const std::string &name, float *data);
  void run() { executor->run(); }
  /// A result by its ofex.result name ("loss", "output:0", "d:xi:pi.l1").
  const float *result(const std::string &name) const;
  int64_t resultSize(const std::string &name) const;
  /// The ofex.result names of the function's results, in order.
  std::vector<std::string> resultNames() const;
  exec::Executor &exec() { return *executor; }
  const exec::Plan &plan() const { return executor->plan(); }
  /// FLOPs of the plan's matmuls per run.
  double matmulFlops() const { return exec::planMatmulFlops(plan()); }

private:
  std::unique_ptr<exec::Executor> executor;
};

} // namespace ofex::rt

#endif // OFEX_RT_COMPILEDFUNCTION_H
