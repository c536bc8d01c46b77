//===- TanhGaussianTest.cpp - Forward of the tanh-Gaussian policy
//----------===//
#include "ofex/rl/TanhGaussian.h"
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace ofex::rl;
using ofex::rl::test::normalVec;
using ofex::rl::test::referenceLogProb;
using ofex::rl::test::uniformVec;

TEST(TanhGaussian, LogProbMatchesDirectDoubleFormula) {
  const BatchShape shape{64, 6};
  std::mt19937_64 rng(7);
  auto mean = uniformVec(rng, shape.size(), -2.0f, 2.0f);
  auto log_std = uniformVec(rng, shape.size(), -4.0f, 1.0f);
  auto eps = normalVec(rng, shape.size());
  // A few entries outside the clip range exercise the clamp.
  log_std[3] = 3.5f;
  log_std[10] = -25.0f;
  std::vector<float> action(shape.size()), log_prob(shape.rows);
  tanhGaussianSample(shape, mean.data(), log_std.data(), eps.data(),
                     action.data(), log_prob.data());
  for (std::size_t r = 0; r < shape.rows; ++r) {
    std::vector<double> m(shape.cols), ls(shape.cols), e(shape.cols),
        a(shape.cols);
    for (std::size_t j = 0; j < shape.cols; ++j) {
      m[j] = mean[r * shape.cols + j];
      ls[j] = log_std[r * shape.cols + j];
      e[j] = eps[r * shape.cols + j];
    }
    double ref =
        referenceLogProb(m.data(), ls.data(), e.data(), shape.cols, a.data());
    EXPECT_NEAR(log_prob[r], ref, 2e-5 * std::fmax(1.0, std::fabs(ref)))
        << "row " << r;
    for (std::size_t j = 0; j < shape.cols; ++j)
      EXPECT_NEAR(action[r * shape.cols + j], a[j], 1e-6)
          << "row " << r << " col " << j;
  }
}

TEST(TanhGaussian, ClampedLogStdActsAsTheBound) {
  const BatchShape shape{1, 2};
  float mean[] = {0.1f, -0.2f}, eps[] = {0.3f, -0.4f};
  float outside[] = {7.0f, -40.0f}, bounds[] = {kLogStdMax, kLogStdMin};
  float a1[2], a2[2], lp1, lp2;
  tanhGaussianSample(shape, mean, outside, eps, a1, &lp1);
  tanhGaussianSample(shape, mean, bounds, eps, a2, &lp2);
  EXPECT_EQ(a1[0], a2[0]);
  EXPECT_EQ(a1[1], a2[1]);
  EXPECT_EQ(lp1, lp2);
}

TEST(TanhGaussian, SaturatedActionKeepsAFiniteExactLogProb) {
  // u = 20: 1 - tanh(u)^2 underflows to 0 in double, so the naive formula
  // gives +inf; the stable form gives the exact -2|u| + 2 log 2 asymptote.
  const BatchShape shape{1, 1};
  float mean = 20.0f, log_std = 0.0f, eps = 0.0f, a, lp;
  tanhGaussianSample(shape, &mean, &log_std, &eps, &a, &lp);
  const double half_log_2pi = 0.5 * std::log(2.0 * 3.14159265358979323846);
  double expected = -half_log_2pi - (2.0 * std::log(2.0) - 40.0);
  ASSERT_TRUE(std::isfinite(lp));
  EXPECT_NEAR(lp, expected, 1e-4);
  EXPECT_EQ(a, 1.0f);
}

TEST(TanhGaussian, MeanActionIsTanhOfMean) {
  const BatchShape shape{2, 3};
  float mean[] = {-3.0f, -0.5f, 0.0f, 0.25f, 1.0f, 9.0f}, a[6];
  tanhGaussianMeanAction(shape, mean, a);
  for (int i = 0; i < 6; ++i)
    EXPECT_FLOAT_EQ(a[i], std::tanh(mean[i]));
}

TEST(TanhGaussian, PolicyLossIsTheRowMean) {
  float lp[] = {-1.0f, 2.0f, 0.5f}, q[] = {3.0f, -1.0f, 0.0f};
  double expected = ((0.2 * -1.0 - 3.0) + (0.2 * 2.0 + 1.0) + (0.2 * 0.5)) / 3;
  EXPECT_NEAR(policyLoss(3, lp, q, 0.2f), expected, 1e-6);
}

TEST(TanhGaussian, RefusesBadArguments) {
  float x = 0.0f;
  EXPECT_THROW(tanhGaussianSample({0, 1}, &x, &x, &x, &x, &x),
               std::invalid_argument);
  EXPECT_THROW(tanhGaussianSample({1, 1}, nullptr, &x, &x, &x, &x),
               std::invalid_argument);
  EXPECT_THROW(policyLoss(0, &x, &x, 1.0f), std::invalid_argument);
}
