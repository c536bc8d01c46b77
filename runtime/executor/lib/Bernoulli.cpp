//===- Bernoulli.cpp - Counter-based Bernoulli gate sampling --------------===//
//
// A counter-based generator (SplitMix64's finaliser over a key derived from
// seed, stream and counter) needs no state beyond the counter the executor
// keeps, so a sequence is reproduced from (seed, counter) alone, e.g. after a
// checkpoint, and every unit's draw is independent of the others'.
//
//===----------------------------------------------------------------------===//

#include "HostKernels.h"

namespace ofex::exec::detail {

namespace {

constexpr uint64_t kGamma = 0x9e3779b97f4a7c15ULL;

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

} // namespace

void sampleBernoulli(const float *theta, float *xi, int64_t n, uint64_t seed,
                     uint64_t stream, uint64_t counter, double relax) {
  uint64_t key = mix64(mix64(seed + kGamma) ^ mix64((stream + 1) * kGamma));
  key = mix64(key ^ mix64((counter + 1) * kGamma));
  // The relax decision uses the draw's low 40 bits, which the gate does not:
  // a unit that is not relaxed gets the xi it would get without relaxation.
  const uint64_t relaxBelow = uint64_t(relax * 0x1p40);
  for (int64_t j = 0; j < n; ++j) {
    uint64_t r = mix64(key + uint64_t(j + 1) * kGamma);
    if (relax > 0 && (r & ((uint64_t(1) << 40) - 1)) < relaxBelow) {
      // Uniform in (0, 1), never 0 or 1: the midpoints of 2^24 cells.
      uint64_t v = mix64(r ^ kGamma);
      xi[j] = (float(v >> 40) + 0.5f) * 0x1p-24f;
      continue;
    }
    // 24 random bits fill a float's mantissa exactly: u in [0, 1) with no
    // rounding up to 1, so theta = 1 always fires and theta = 0 never does.
    float u = float(r >> 40) * 0x1p-24f;
    xi[j] = u < theta[j] ? 1.0f : 0.0f;
  }
}

} // namespace ofex::exec::detail
