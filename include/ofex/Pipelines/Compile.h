//===- Compile.h - training graphs to executable dnnl functions -*- C++ -*-===//

#ifndef OFEX_PIPELINES_COMPILE_H
#define OFEX_PIPELINES_COMPILE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace ofex {

/// A new module with copies of the named func.funcs of `module`, lowered to
/// the dnnl dialect at `batch` rows (lower-ofex-to-dnnl, cse,
/// ofex-plan-buffers). Null on failure (diagnostics are emitted).
mlir::OwningOpRef<mlir::ModuleOp>
compileFunctions(mlir::ModuleOp module, const std::vector<std::string> &names,
                 int64_t batch);

/// The deployed policy: every network of a deployment model (phi_o -> pi,
/// or pi alone), chained as `policy.forward` and lowered at batch 1; batch
/// norms normalise with their running statistics.
mlir::OwningOpRef<mlir::ModuleOp> compilePolicy(mlir::ModuleOp deployment);

} // namespace ofex

#endif // OFEX_PIPELINES_COMPILE_H
