//===- TemperatureTest.cpp - Entropy temperature loss, gradient, Adam -----===//
#include "ofex/rl/Temperature.h"
#include "TestUtil.h"
#include "ofex/rl/Adam.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace ofex::rl;

TEST(Temperature, TargetEntropyIsMinusActDim) {
  EXPECT_EQ(defaultTargetEntropy(6), -6.0f);
  EXPECT_THROW(defaultTargetEntropy(0), std::invalid_argument);
}

TEST(Temperature, LossMatchesDirectFormula) {
  std::vector<float> lp = {-3.0f, 1.5f, -7.25f, 0.0f};
  const float target = -6.0f, log_alpha = -0.4f;
  double sum = 0.0;
  for (float x : lp)
    sum += -double(log_alpha) * (double(x) + target);
  EXPECT_NEAR(temperatureLoss(lp.size(), lp.data(), log_alpha, target),
              sum / lp.size(), 1e-6);
}

TEST(Temperature, GradientMatchesFiniteDifference) {
  std::mt19937_64 rng(11);
  auto lp = ofex::rl::test::uniformVec(rng, 256, -12.0f, 4.0f);
  const float target = -6.0f;
  for (float log_alpha : {-3.0f, -0.5f, 0.0f, 1.2f}) {
    const float h = 1e-2f; // the loss is linear in log_alpha
    double fd =
        (double(temperatureLoss(lp.size(), lp.data(), log_alpha + h, target)) -
         temperatureLoss(lp.size(), lp.data(), log_alpha - h, target)) /
        (2.0 * h);
    float g = temperatureLossGrad(lp.size(), lp.data(), target);
    EXPECT_NEAR(g, fd, 1e-3 * std::fmax(1.0, std::fabs(fd)));
  }
}

TEST(Temperature, UpdateRaisesAlphaWhenEntropyIsTooLow) {
  // log_prob > -target_entropy means entropy below target: alpha must grow.
  Temperature t(1.0f, -2.0f, AdamConfig{0.01f});
  std::vector<float> lp(8, 5.0f);
  float before = t.logAlpha();
  t.update(lp.size(), lp.data());
  // Adam's first step has magnitude lr (m_hat / sqrt(v_hat) = sign(g)).
  EXPECT_NEAR(t.logAlpha() - before, 0.01f, 1e-6);
  EXPECT_EQ(t.optimizer().steps(), 1u);
}

TEST(Adam, MatchesDirectFormulaOverSeveralSteps) {
  AdamConfig cfg{0.05f, 0.8f, 0.95f, 1e-6f};
  Adam adam(2, cfg);
  float p[2] = {1.0f, -2.0f};
  double rp[2] = {1.0, -2.0}, m[2] = {0, 0}, v[2] = {0, 0};
  const float grads[4][2] = {
      {0.5f, -1.0f}, {0.25f, 2.0f}, {-1.0f, 0.0f}, {3.0f, -0.1f}};
  for (int t = 1; t <= 4; ++t) {
    adam.step(p, grads[t - 1]);
    for (int i = 0; i < 2; ++i) {
      double g = grads[t - 1][i];
      m[i] = 0.8 * m[i] + 0.2 * g;
      v[i] = 0.95 * v[i] + 0.05 * g * g;
      double mh = m[i] / (1.0 - std::pow(0.8, t));
      double vh = v[i] / (1.0 - std::pow(0.95, t));
      rp[i] -= 0.05 * mh / (std::sqrt(vh) + 1e-6);
      EXPECT_NEAR(p[i], rp[i], 1e-5) << "step " << t << " param " << i;
    }
  }
  EXPECT_EQ(adam.steps(), 4u);
}

TEST(Adam, RestoreContinuesIdentically) {
  Adam a(3), b(3);
  float pa[3] = {0.1f, 0.2f, 0.3f}, g[3] = {1.0f, -0.5f, 0.25f};
  a.step(pa, g);
  b.restore(a.steps(), a.firstMoment(), a.secondMoment());
  float pb[3] = {pa[0], pa[1], pa[2]};
  a.step(pa, g);
  b.step(pb, g);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(pa[i], pb[i]);
  EXPECT_THROW(b.restore(1, {0.0f}, {0.0f}), std::invalid_argument);
}

TEST(Adam, RefusesBadConfig) {
  EXPECT_THROW(Adam(0), std::invalid_argument);
  EXPECT_THROW(Adam(1, AdamConfig{-1.0f}), std::invalid_argument);
  EXPECT_THROW(Adam(1, AdamConfig{1e-3f, 1.0f}), std::invalid_argument);
}
