//===- FuzzCheck.h - Property checks of the fuzz targets --------*- C++ -*-===//
//
// A fuzz target finds crashes on its own; a property it checks (what is
// accepted round-trips, a transformed module still verifies) must abort to
// be found too, with a line saying which.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_FUZZ_FUZZCHECK_H
#define OFEX_FUZZ_FUZZCHECK_H

#include <cstdio>
#include <cstdlib>

namespace ofex::fuzz {

inline void require(bool ok, const char *property) {
  if (ok)
    return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

} // namespace ofex::fuzz

#endif // OFEX_FUZZ_FUZZCHECK_H
