//===- InputLimits.h - Bounds that keep hostile input from crashing -------===//
//
// MLIR's parser and llvm::json recurse once per nesting level, so text nested
// thousands deep overflows the stack before any verifier runs; and tensor
// shapes are 64-bit, so a type can ask for more memory than exists. These are
// the project's bounds, checked before parsing (nesting) and by the verifiers
// (sizes), each failure a one-line diagnostic.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_SUPPORT_INPUTLIMITS_H
#define OFEX_SUPPORT_INPUTLIMITS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace ofex {

/// Deepest bracket nesting accepted in IR and JSON input. Generated models
/// nest less than ten deep.
inline constexpr unsigned kMaxNestingDepth = 256;
/// Units of one layer (and entries of any one tensor dimension).
inline constexpr int64_t kMaxUnits = int64_t(1) << 20;
/// Elements of one param and of all params of a module together (fp32: 1 GiB
/// and 4 GiB).
inline constexpr int64_t kMaxParamElements = int64_t(1) << 28;
inline constexpr int64_t kMaxModelElements = int64_t(1) << 30;

/// Checks the bracket nesting of MLIR text ("{[(<", strings and // comments
/// skipped) or, with `json`, of JSON text ("{[", strings skipped). Returns
/// false with `error` naming `what`, the line and the bound.
bool checkNestingDepth(llvm::StringRef text, bool json, const std::string &what,
                       std::string &error);

} // namespace ofex

#endif // OFEX_SUPPORT_INPUTLIMITS_H
