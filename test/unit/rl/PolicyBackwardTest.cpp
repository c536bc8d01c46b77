//===- PolicyBackwardTest.cpp - Policy-loss backward vs finite differences ===//
//
// L = mean_rows(alpha * log_prob(a) - (w . a + c)): with this linear critic
// dQ/da = w. The finite differences run on a double-precision loss written
// independently from the direct formula.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"
#include "ofex/rl/TanhGaussian.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace ofex::rl;
using ofex::rl::test::normalVec;
using ofex::rl::test::referenceLogProb;
using ofex::rl::test::uniformVec;

namespace {

struct Problem {
  BatchShape shape;
  std::vector<double> mean, log_std, eps, w;
  double c = 0.7, alpha = 0.0;

  double loss() const {
    double total = 0.0;
    std::vector<double> a(shape.cols);
    for (std::size_t r = 0; r < shape.rows; ++r) {
      std::size_t o = r * shape.cols;
      double lp = referenceLogProb(&mean[o], &log_std[o], &eps[o], shape.cols,
                                   a.data());
      double q = c;
      for (std::size_t j = 0; j < shape.cols; ++j)
        q += w[j] * a[j];
      total += alpha * lp - q;
    }
    return total / static_cast<double>(shape.rows);
  }
};

std::vector<float> toFloat(const std::vector<double> &v) {
  return std::vector<float>(v.begin(), v.end());
}

void checkAgainstFiniteDifferences(double alpha, std::uint64_t seed) {
  Problem p;
  p.shape = {5, 4};
  p.alpha = alpha;
  std::mt19937_64 rng(seed);
  auto mean = uniformVec(rng, p.shape.size(), -1.5f, 1.5f);
  auto log_std = uniformVec(rng, p.shape.size(), -2.0f, 0.5f);
  auto eps = normalVec(rng, p.shape.size());
  auto w = uniformVec(rng, p.shape.cols, -2.0f, 2.0f);
  log_std[1] = 2.6f;   // above the clip: zero gradient
  log_std[6] = -20.5f; // below the clip: zero gradient
  p.mean.assign(mean.begin(), mean.end());
  p.log_std.assign(log_std.begin(), log_std.end());
  p.eps.assign(eps.begin(), eps.end());
  p.w.assign(w.begin(), w.end());

  std::vector<float> dq_da(p.shape.size());
  for (std::size_t i = 0; i < dq_da.size(); ++i)
    dq_da[i] = w[i % p.shape.cols];
  std::vector<float> d_mean(p.shape.size()), d_log_std(p.shape.size());
  policyLossBackward(p.shape, mean.data(), log_std.data(), eps.data(),
                     dq_da.data(), static_cast<float>(alpha), d_mean.data(),
                     d_log_std.data());

  const double h = 1e-6;
  auto fd = [&](std::vector<double> &x, std::size_t i) {
    double saved = x[i];
    x[i] = saved + h;
    double up = p.loss();
    x[i] = saved - h;
    double down = p.loss();
    x[i] = saved;
    return (up - down) / (2.0 * h);
  };
  for (std::size_t i = 0; i < p.shape.size(); ++i) {
    double g_mean = fd(p.mean, i);
    double g_ls = fd(p.log_std, i);
    EXPECT_NEAR(d_mean[i], g_mean, 1e-5 + 1e-4 * std::fabs(g_mean))
        << "d mean[" << i << "], alpha " << alpha;
    EXPECT_NEAR(d_log_std[i], g_ls, 1e-5 + 1e-4 * std::fabs(g_ls))
        << "d log_std[" << i << "], alpha " << alpha;
  }
  EXPECT_EQ(d_log_std[1], 0.0f);
  EXPECT_EQ(d_log_std[6], 0.0f);
}

} // namespace

TEST(PolicyLossBackward, MatchesFiniteDifferencesQOnly) {
  checkAgainstFiniteDifferences(0.0, 1);
}

TEST(PolicyLossBackward, MatchesFiniteDifferencesWithEntropy) {
  checkAgainstFiniteDifferences(0.2, 2);
}

TEST(PolicyLossBackward, MatchesFiniteDifferencesLargeAlpha) {
  checkAgainstFiniteDifferences(1.7, 3);
}

TEST(PolicyLossBackward, GradientPassesAtTheClipBounds) {
  // Bounds included, as torch.clamp: d log_std is the unclipped formula.
  const BatchShape shape{1, 2};
  float mean[] = {0.0f, 0.0f}, eps[] = {0.5f, 0.5f}, dq[] = {0.0f, 0.0f};
  float log_std[] = {kLogStdMax, kLogStdMin}, dm[2], dls[2];
  policyLossBackward(shape, mean, log_std, eps, dq, 1.0f, dm, dls);
  EXPECT_NE(dls[0], 0.0f);
  EXPECT_NE(dls[1], 0.0f);
}
