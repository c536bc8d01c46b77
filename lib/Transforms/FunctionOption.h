//===- FunctionOption.h - the function a pass's `func` option names -------===//
//
// The passes that transform one function of the module (the training graphs
// are many functions built from one model) name it with a `func` option.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_LIB_TRANSFORMS_FUNCTIONOPTION_H
#define OFEX_LIB_TRANSFORMS_FUNCTIONOPTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace ofex {

/// The function `name` of `module`, or null after an error on the module
/// naming the pass's option (`pass`: the pass's argument).
inline mlir::func::FuncOp lookupFunctionOption(mlir::ModuleOp module,
                                               llvm::StringRef name,
                                               llvm::StringRef pass) {
  if (name.empty()) {
    module.emitError() << pass << ": the func option is required";
    return nullptr;
  }
  auto f = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (!f)
    module.emitError() << pass << ": no function '" << name << "'";
  return f;
}

} // namespace ofex

#endif // OFEX_LIB_TRANSFORMS_FUNCTIONOPTION_H
