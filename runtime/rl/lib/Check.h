//===- Check.h - Argument checks shared by the ofex_rl sources
//-------------===//
#ifndef OFEX_RL_LIB_CHECK_H
#define OFEX_RL_LIB_CHECK_H

#include "ofex/rl/BatchShape.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ofex::rl::detail {

/// Throws std::invalid_argument "<fn>: <what>" when `ok` is false.
inline void require(bool ok, const char *fn, const std::string &what) {
  if (!ok)
    throw std::invalid_argument(std::string(fn) + ": " + what);
}

inline void requirePtr(const void *p, const char *fn, const char *name) {
  require(p != nullptr, fn, std::string(name) + " is null");
}

inline void requireShape(BatchShape s, const char *fn) {
  require(s.rows > 0 && s.cols > 0, fn,
          "empty batch (" + std::to_string(s.rows) + " x " +
              std::to_string(s.cols) + ")");
}

inline void requireFinite(double v, const char *fn, const char *name) {
  require(std::isfinite(v), fn, std::string(name) + " is not finite");
}

inline void requireUnit(double v, const char *fn, const char *name) {
  require(v >= 0.0 && v <= 1.0, fn,
          std::string(name) + " = " + std::to_string(v) + " is outside [0, 1]");
}

} // namespace ofex::rl::detail

#endif // OFEX_RL_LIB_CHECK_H
