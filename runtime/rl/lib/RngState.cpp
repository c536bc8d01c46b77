//===- RngState.cpp - mt19937_64 state as text (for checkpoints) ----------===//
#include "ofex/rl/RngState.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace ofex::rl {

std::string rngToString(const std::mt19937_64 &rng) {
  std::ostringstream out;
  out << rng;
  return out.str();
}

void rngFromString(const std::string &text, std::mt19937_64 &rng) {
  std::istringstream in(text);
  std::mt19937_64 parsed;
  in >> parsed;
  if (in.fail())
    throw std::invalid_argument("rngFromString: not a mt19937_64 state");
  in >> std::ws;
  if (!in.eof())
    throw std::invalid_argument(
        "rngFromString: trailing text after the mt19937_64 state");
  rng = parsed;
}

std::uint64_t uniformIndex(std::mt19937_64 &rng, std::uint64_t n) {
  if (n == 0)
    throw std::invalid_argument("uniformIndex: n must be > 0");
  // Accept raw draws below the largest multiple of n: exactly uniform.
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - (max % n + 1) % n;
  std::uint64_t x;
  do {
    x = rng();
  } while (x > limit);
  return x % n;
}

} // namespace ofex::rl
