//===- Json.h - The few JSON pieces the tools print -----------------------===//
#ifndef OFEX_TOOLS_SUPPORT_JSON_H
#define OFEX_TOOLS_SUPPORT_JSON_H

#include "ofex/Support/ShortestText.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace ofex::tool {

/// Shortest text that reads back as `value`; null for NaN/inf (not JSON).
inline std::string jsonNumber(double value) {
  if (!std::isfinite(value))
    return "null";
  return shortestText(value);
}

inline std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

template <typename T> std::string jsonArray(const std::vector<T> &values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i ? "," : "") + jsonNumber(static_cast<double>(values[i]));
  return out + "]";
}

} // namespace ofex::tool

#endif // OFEX_TOOLS_SUPPORT_JSON_H
