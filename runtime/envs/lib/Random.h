//===- Random.h - Reset-noise draws with a fixed, portable recipe ---------===//
//
// std::uniform_real_distribution and std::normal_distribution may differ
// between standard libraries; these recipes depend only on mt19937_64's
// (standardized) output, so trajectories are reproducible everywhere.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENVS_RANDOM_H
#define OFEX_ENVS_RANDOM_H

#include <cmath>
#include <random>

namespace ofex::envs {

/// Uniform in [0, 1) with 53 random bits.
inline double uniform01(std::mt19937_64 &rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

inline double uniform(std::mt19937_64 &rng, double low, double high) {
  return low + (high - low) * uniform01(rng);
}

/// Standard normal by Box-Muller (one value per two uniforms).
inline double normal(std::mt19937_64 &rng) {
  double u1 = 1.0 - uniform01(rng); // (0, 1]: log stays finite
  double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

} // namespace ofex::envs

#endif // OFEX_ENVS_RANDOM_H
