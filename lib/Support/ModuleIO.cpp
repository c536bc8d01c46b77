//===- ModuleIO.cpp - reading and writing ofex modules --------------------===//

#include "ofex/Support/ModuleIO.h"
#include "ofex/OfexDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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

OwningOpRef<ModuleOp> loadModule(MLIRContext &context, const std::string &path,
                                 std::string &error) {
  context.getOrLoadDialect<ofex::OfexDialect>();
  if (!llvm::sys::fs::exists(path)) {
    error = path + ": no such file";
    return nullptr;
  }
  DiagnosticCollector diags(context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(path, &context);
  if (!module) {
    error = diags.firstError().empty() ? path + ": cannot parse"
                                       : diags.firstError();
    return nullptr;
  }
  if (failed(verify(*module))) {
    error = diags.firstError();
    return nullptr;
  }
  return module;
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
