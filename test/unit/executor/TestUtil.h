//===- TestUtil.h - Random data, reference comparisons, one-step plans ----===//
#ifndef OFEX_TEST_UNIT_EXECUTOR_TESTUTIL_H
#define OFEX_TEST_UNIT_EXECUTOR_TESTUTIL_H

#include "ofex/exec/Executor.h"
#include "ofex/exec/Plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ofex::exec::test {

/// The PlanError an executor raises for `plan`, or "" when it accepts it.
inline std::string planError(Plan plan) {
  try {
    Executor exec(std::move(plan));
  } catch (const PlanError &e) {
    return e.what();
  }
  return "";
}

inline bool contains(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

inline std::vector<float> randomVector(size_t n, uint64_t seed, float lo = -1,
                                       float hi = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}

/// Relative tolerance for fp32 results against double references; values
/// near zero (cancellation) are compared absolutely against 1.
inline constexpr double kRel = 1e-5;

inline ::testing::AssertionResult
allClose(const float *got, const std::vector<double> &want, double rel = kRel) {
  for (size_t i = 0; i < want.size(); ++i) {
    double tol = rel * std::max(1.0, std::fabs(want[i]));
    if (!(std::fabs(double(got[i]) - want[i]) <= tol))
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << got[i] << ", want " << want[i]
             << " (tolerance " << tol << ")";
  }
  return ::testing::AssertionSuccess();
}

/// Copies v into the executor's storage of buffer `name`.
inline void fill(Executor &exec, const char *name,
                 const std::vector<float> &v) {
  std::copy(v.begin(), v.end(), exec.data(name));
}

} // namespace ofex::exec::test

#endif // OFEX_TEST_UNIT_EXECUTOR_TESTUTIL_H
