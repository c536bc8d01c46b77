//===- RngState.h - mt19937_64 state as text (for checkpoints) ------------===//
//
// Uses the standard's operator<< / operator>> textual representation, which
// the standard fixes for mersenne_twister_engine, so the text is portable.
// Also the portable uniform index draw used by the replay buffer.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_RNGSTATE_H
#define OFEX_RL_RNGSTATE_H

#include <cstdint>
#include <random>
#include <string>

namespace ofex::rl {

std::string rngToString(const std::mt19937_64 &rng);

/// Throws std::invalid_argument when `text` is not a complete engine state;
/// `rng` is left unchanged then.
void rngFromString(const std::string &text, std::mt19937_64 &rng);

/// Uniform in [0, n) by rejection on the engine's raw 64-bit output (no
/// std::uniform_int_distribution, whose algorithm differs between standard
/// libraries). n > 0.
std::uint64_t uniformIndex(std::mt19937_64 &rng, std::uint64_t n);

} // namespace ofex::rl

#endif // OFEX_RL_RNGSTATE_H
