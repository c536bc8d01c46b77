//===- TrainConfigChecks.h - the checks TrainOptions.def names --*- C++ -*-===//
//
// Each check takes an option's value and returns "" or the problem, written
// to follow "--NAME" (" must be positive", ": expected a or b, got 'c'").
// Doubles must also be finite: a NaN or an infinity never passes for a
// number of a range.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_LIB_TRAINCONFIGCHECKS_H
#define OFEX_TRAIN_LIB_TRAINCONFIGCHECKS_H

#include "ofex/Presets/Presets.h"
#include "ofex/Support/ShortestText.h"
#include "ofex/exec/Precision.h"
#include "ofex/train/TrainConfig.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ofex::train::checks {

inline std::string shortest(double v) { return shortestText(v); }

template <class T> bool isFinite(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isfinite(v);
  else
    return true;
}

/// " finite and" for floating-point options, whose checks refuse NaN and
/// infinities.
template <class T> const char *finiteWord() {
  return std::is_floating_point_v<T> ? " finite and" : "";
}

struct Any {
  template <class T> std::string operator()(const T &) const { return ""; }
};

struct Positive {
  template <class T> std::string operator()(T v) const {
    if (v > 0 && isFinite(v))
      return "";
    return std::is_floating_point_v<T> ? " must be finite and > 0"
                                       : " must be positive";
  }
};

struct AtLeast {
  explicit AtLeast(double min) : min(min) {}
  template <class T> std::string operator()(T v) const {
    if (v >= min && isFinite(v))
      return "";
    return std::string(" must be") + finiteWord<T>() + " >= " + shortest(min);
  }
  double min;
};

/// [lo, hi], or [lo, hi) with openTop.
struct InRange {
  InRange(double lo, double hi, bool openTop = false)
      : lo(lo), hi(hi), openTop(openTop) {}
  template <class T> std::string operator()(T v) const {
    if (v >= lo && (openTop ? v < hi : v <= hi))
      return "";
    return " must be in [" + shortest(lo) + ", " + shortest(hi) +
           (openTop ? ")" : "]");
  }
  double lo, hi;
  bool openTop;
};

struct OneOf {
  OneOf(std::initializer_list<const char *> names) : names(names) {}
  explicit OneOf(std::vector<const char *> names) : names(std::move(names)) {}
  std::string operator()(const std::string &v) const {
    std::string list;
    for (size_t i = 0; i < names.size(); ++i) {
      if (v == names[i])
        return "";
      list += (i == 0                  ? ""
               : i + 1 == names.size() ? " or "
                                       : ", ") +
              std::string(names[i]);
    }
    return ": expected " + list + ", got '" + v + "'";
  }
  std::vector<const char *> names;
};

/// -1, "the preset's" (resolveDefaults), or a value `inner` accepts.
template <class Inner> struct PresetsOr {
  explicit PresetsOr(Inner inner) : inner(inner) {}
  template <class T> std::string operator()(T v) const {
    return v == -1 ? "" : inner(v);
  }
  Inner inner;
};

/// Unset (empty), or a value `inner` accepts.
template <class Inner> struct UnsetOr {
  explicit UnsetOr(Inner inner) : inner(inner) {}
  std::string operator()(const std::string &v) const {
    return v.empty() ? "" : inner(v);
  }
  Inner inner;
};

struct Required {
  explicit Required(const char *what) : what(what) {}
  std::string operator()(const std::string &v) const {
    return v.empty() ? std::string(": ") + what + " is required" : "";
  }
  const char *what;
};

struct KnownTrainPreset {
  std::string operator()(const std::string &v) const {
    std::vector<const char *> names;
    for (const TrainPreset &p : trainPresets())
      names.push_back(p.name);
    return OneOf(std::move(names))(v);
  }
};

/// fp32, or bf16 on a CPU that has AVX-512 BF16.
struct SupportedPrecision {
  std::string operator()(const std::string &v) const {
    std::string bad = OneOf({"fp32", "bf16"})(v);
    if (bad.empty() && v == "bf16" && !exec::cpuHasBf16())
      return " bf16: this CPU has no AVX-512 BF16 (avx512_bf16); use fp32";
    return bad;
  }
};

struct KnownTask {
  std::string operator()(const std::string &v) const {
    return lookupTask(v) ? "" : ": unknown task '" + v + "'";
  }
};

/// A path config.ini can keep as an INI value: no '#' (a comment), line
/// break or surrounding spaces.
struct IniPath {
  std::string operator()(const std::string &v) const {
    if (v.empty() || (v.find_first_of("#\r\n") == std::string::npos &&
                      !std::isspace(static_cast<unsigned char>(v.front())) &&
                      !std::isspace(static_cast<unsigned char>(v.back()))))
      return "";
    return ": a path with '#', a line break or surrounding spaces cannot be "
           "kept in config.ini";
  }
};

/// `check` on `value` (a function, so that a check written as `Positive()`
/// is never read as a function type).
template <class Check, class T>
std::string applyCheck(const Check &check, const T &value) {
  return check(value);
}

} // namespace ofex::train::checks

#endif // OFEX_TRAIN_LIB_TRAINCONFIGCHECKS_H
