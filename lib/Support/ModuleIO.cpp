//===- ModuleIO.cpp - reading and writing ofex modules --------------------===//

#include "ofex/Support/ModuleIO.h"
#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Support/InputLimits.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace mlir;
using namespace ofex;

namespace ofex {

static std::string locationPrefix(Location loc) {
  if (auto file = loc.dyn_cast<FileLineColLoc>())
    return (file.getFilename().str() + ":" + std::to_string(file.getLine()) +
            ":" + std::to_string(file.getColumn()) + ": ");
  if (auto name = loc.dyn_cast<NameLoc>())
    return locationPrefix(name.getChildLoc());
  if (auto fused = loc.dyn_cast<FusedLoc>())
    for (Location l : fused.getLocations())
      if (auto p = locationPrefix(l); !p.empty())
        return p;
  return "";
}

DiagnosticCollector::DiagnosticCollector(MLIRContext &context)
    : context(context) {
  id = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error && first.empty())
      first = locationPrefix(diag.getLocation()) + diag.str();
    return success();
  });
}

DiagnosticCollector::~DiagnosticCollector() {
  context.getDiagEngine().eraseHandler(id);
}

bool checkModelSize(ModuleOp module, const std::string &what,
                    std::string &error) {
  int64_t total = 0;
  bool ok = true;
  module.walk([&](ofex::ParamOp param) {
    // Each param is bounded by its verifier, so the sum cannot overflow
    // before it passes the bound.
    total += param.getType().cast<ShapedType>().getNumElements();
    if (total > kMaxModelElements && ok) {
      error = what + ": the model's params exceed " +
              std::to_string(kMaxModelElements) + " elements";
      ok = false;
    }
  });
  return ok;
}

OwningOpRef<ModuleOp> loadModule(MLIRContext &context, const std::string &path,
                                 std::string &error) {
  context.getOrLoadDialect<ofex::OfexDialect>();
  if (!llvm::sys::fs::exists(path)) {
    error = path + ": no such file";
    return nullptr;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = path + ": cannot read: " + buffer.getError().message();
    return nullptr;
  }
  return parseModule(context, std::move(*buffer), path, error);
}

OwningOpRef<ModuleOp> parseModule(MLIRContext &context,
                                  std::unique_ptr<llvm::MemoryBuffer> buffer,
                                  const std::string &what, std::string &error) {
  context.getOrLoadDialect<ofex::OfexDialect>();
  if (!checkNestingDepth(buffer->getBuffer(), /*json=*/false, what, error))
    return nullptr;
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  DiagnosticCollector diags(context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sources, &context);
  if (!module) {
    error = diags.firstError().empty() ? what + ": cannot parse"
                                       : diags.firstError();
    return nullptr;
  }
  if (failed(verify(*module))) {
    error = diags.firstError();
    return nullptr;
  }
  if (!checkModelSize(*module, what, error))
    return nullptr;
  return module;
}

std::string printIR(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os);
  return text;
}

bool writeFileAtomic(const std::string &path, llvm::StringRef text,
                     std::string &error) {
  std::string tmp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec) {
      error = path + ": cannot write: " + ec.message();
      return false;
    }
    os << text;
    os.close();
    if (os.has_error()) {
      error = path + ": write failed: " + os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    error = path + ": cannot rename into place: " + ec.message();
    llvm::sys::fs::remove(tmp);
    return false;
  }
  return true;
}

} // namespace ofex
