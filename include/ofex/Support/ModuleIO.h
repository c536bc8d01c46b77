//===- ModuleIO.h - reading and writing ofex modules ------------*- C++ -*-===//

#ifndef OFEX_SUPPORT_MODULEIO_H
#define OFEX_SUPPORT_MODULEIO_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

#include <string>

namespace ofex {

/// Collects diagnostics as single lines `file:line:col: message` instead of
/// printing them with source excerpts; the first error is what tools report.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context);
  ~DiagnosticCollector();
  const std::string &firstError() const { return first; }

private:
  mlir::MLIRContext &context;
  mlir::DiagnosticEngine::HandlerID id;
  std::string first;
};

/// Parses and verifies an ofex module; on failure returns null with `error`
/// a single line naming the file and the problem.
mlir::OwningOpRef<mlir::ModuleOp> loadModule(mlir::MLIRContext &context,
                                             const std::string &path,
                                             std::string &error);

/// The same for IR already in memory: `buffer`'s identifier names it in
/// diagnostics, `what` in the other errors. Nesting beyond the bound, parse
/// and verifier errors and an oversized model all fail with one line.
mlir::OwningOpRef<mlir::ModuleOp>
parseModule(mlir::MLIRContext &context,
            std::unique_ptr<llvm::MemoryBuffer> buffer, const std::string &what,
            std::string &error);

/// Checks the bound on all params of a module together (the verifiers bound
/// each one); on failure returns false with `error` naming `what`.
bool checkModelSize(mlir::ModuleOp module, const std::string &what,
                    std::string &error);

/// The textual IR of `op` (a module), as the IR files hold it.
std::string printIR(mlir::Operation *op);

/// Writes `text` to `path` through a temporary file and a rename, so that
/// a crash never leaves a half-written file in place of a good one.
bool writeFileAtomic(const std::string &path, llvm::StringRef text,
                     std::string &error);

} // namespace ofex

#endif // OFEX_SUPPORT_MODULEIO_H
