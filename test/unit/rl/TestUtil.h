//===- TestUtil.h - Shared helpers for the ofex_rl unit tests -------------===//
#ifndef OFEX_TEST_UNIT_RL_TESTUTIL_H
#define OFEX_TEST_UNIT_RL_TESTUTIL_H

#include "../io/TestUtil.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace ofex::rl::test {

// Scratch directories and whole-file reads and writes: the I/O tests' own.
using ofex::io::test::readFile;
using ofex::io::test::ScratchDir;
using ofex::io::test::writeFile;

inline std::vector<float> uniformVec(std::mt19937_64 &rng, std::size_t n,
                                     float lo, float hi) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto &x : v)
    x = d(rng);
  return v;
}

inline std::vector<float> normalVec(std::mt19937_64 &rng, std::size_t n) {
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<float> v(n);
  for (auto &x : v)
    x = d(rng);
  return v;
}

/// The tanh-Gaussian log-prob of one row, written directly in double from
/// the textbook formula (clamped log_std, log(1 - tanh(u)^2)).
inline double referenceLogProb(const double *mean, const double *log_std,
                               const double *eps, std::size_t act_dim,
                               double *action = nullptr) {
  const double pi = 3.14159265358979323846;
  double sum = 0.0;
  for (std::size_t j = 0; j < act_dim; ++j) {
    double ls = std::fmin(std::fmax(log_std[j], -20.0), 2.0);
    double u = mean[j] + std::exp(ls) * eps[j];
    double a = std::tanh(u);
    if (action)
      action[j] = a;
    sum += -0.5 * eps[j] * eps[j] - ls - 0.5 * std::log(2.0 * pi) -
           std::log(1.0 - a * a);
  }
  return sum;
}

} // namespace ofex::rl::test

#endif // OFEX_TEST_UNIT_RL_TESTUTIL_H
