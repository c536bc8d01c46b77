//===- ShortestText.h - doubles as the shortest text that reads back -----===//
//
// config.ini, cost tables and the tools' JSON print doubles as the shortest
// text that parses back to the same double (2e-07, not
// 1.9999999999999999e-07): files a run writes and reads again give it the
// same numbers, and show values as they were given.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_SUPPORT_SHORTESTTEXT_H
#define OFEX_SUPPORT_SHORTESTTEXT_H

#include <charconv>
#include <string>

namespace ofex {

inline std::string shortestText(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

} // namespace ofex

#endif // OFEX_SUPPORT_SHORTESTTEXT_H
