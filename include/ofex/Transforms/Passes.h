//===- Passes.h - ofex passes -----------------------------------*- C++ -*-===//

#ifndef OFEX_TRANSFORMS_PASSES_H
#define OFEX_TRANSFORMS_PASSES_H

#include "dnnl/DnnlDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace ofex {

/// A function's rows when lowered, where they differ from the lowering's
/// batch (set by ofex-extract-chain's `rows`, read by lower-ofex-to-dnnl).
inline constexpr llvm::StringLiteral kRowsAttr = "ofex.rows";

#define GEN_PASS_DECL
#include "ofex/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "ofex/Transforms/Passes.h.inc"

} // namespace ofex

#endif // OFEX_TRANSFORMS_PASSES_H
