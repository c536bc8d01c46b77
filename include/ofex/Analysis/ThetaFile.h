//===- ThetaFile.h - reading theta values from JSON -------------*- C++ -*-===//

#ifndef OFEX_ANALYSIS_THETAFILE_H
#define OFEX_ANALYSIS_THETAFILE_H

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace ofex {

using ThetaValues = std::map<std::string, std::vector<float>>;

/// Parses a theta file: a JSON object, gate group name -> array of values in
/// [0, 1]. Returns false and sets `error` (naming the file) on failure.
bool readThetaFile(const std::string &path, ThetaValues &values,
                   std::string &error);

/// The same for text in memory; `path` names it in errors.
bool parseTheta(llvm::StringRef text, const std::string &path,
                ThetaValues &values, std::string &error);

/// Stores the values on the module's ofex.theta ops. Every group named must
/// exist with the same number of units; groups not named keep their values.
bool applyTheta(mlir::ModuleOp module, const ThetaValues &values,
                std::string &error);

/// The module's theta values (1 where none are stored), by group name.
ThetaValues collectTheta(mlir::ModuleOp module);

} // namespace ofex

#endif // OFEX_ANALYSIS_THETAFILE_H
