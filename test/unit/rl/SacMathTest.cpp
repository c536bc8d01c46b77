//===- SacMathTest.cpp - Bellman targets, twin minimum, Polyak
//-------------===//
#include "ofex/rl/SacMath.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace ofex::rl;

TEST(BellmanTargets, MatchDirectFormulaTerminatedVsTruncated) {
  // Row 0: ordinary step. Row 1: true termination (no bootstrap).
  // Row 2: time-limit truncation, stored with terminated = 0: bootstraps.
  float r[] = {1.0f, -2.0f, 0.5f};
  float term[] = {0.0f, 1.0f, 0.0f};
  float q1[] = {10.0f, 4.0f, -3.0f};
  float q2[] = {12.0f, 3.0f, -5.0f};
  float lpn[] = {-1.5f, 2.0f, 0.25f};
  const float gamma = 0.99f, alpha = 0.2f;
  float y[3];
  bellmanTargets(3, r, term, q1, q2, lpn, gamma, alpha, y);
  for (int i = 0; i < 3; ++i) {
    double v = std::min(double(q1[i]), double(q2[i])) - double(alpha) * lpn[i];
    double expected = r[i] + double(gamma) * (1.0 - term[i]) * v;
    EXPECT_NEAR(y[i], expected, 1e-5) << "row " << i;
  }
  EXPECT_FLOAT_EQ(y[1], -2.0f);                              // terminated
  EXPECT_NEAR(y[2], 0.5 + 0.99 * (-5.0 - 0.2 * 0.25), 1e-5); // truncated
}

TEST(BellmanTargets, RefusesBadGamma) {
  float x = 0.0f;
  EXPECT_THROW(bellmanTargets(1, &x, &x, &x, &x, &x, 1.5f, 0.1f, &x),
               std::invalid_argument);
  EXPECT_THROW(bellmanTargets(0, &x, &x, &x, &x, &x, 0.9f, 0.1f, &x),
               std::invalid_argument);
}

TEST(ValueBellmanTargets, BootstrapFromTheTargetValueUnlessTerminated) {
  // SAC v1: y = r + gamma (1 - terminated) V'(s'); a truncation bootstraps.
  float r[] = {5.0f, -10.0f, 2.5f};
  float term[] = {0.0f, 1.0f, 0.0f};
  float vNext[] = {40.0f, 30.0f, -8.0f};
  float y[3];
  valueBellmanTargets(3, r, term, vNext, 0.99f, y);
  EXPECT_NEAR(y[0], 5.0 + 0.99 * 40.0, 1e-4);
  EXPECT_FLOAT_EQ(y[1], -10.0f);
  EXPECT_NEAR(y[2], 2.5 + 0.99 * -8.0, 1e-5);
  EXPECT_THROW(valueBellmanTargets(1, r, term, vNext, -0.1f, y),
               std::invalid_argument);
}

TEST(SoftValueTargets, SmallerCriticMinusTemperatureTimesLogProb) {
  float q1[] = {10.0f, -3.0f}, q2[] = {12.0f, -5.0f}, lp[] = {-1.5f, 0.25f};
  float v[2];
  softValueTargets(2, q1, q2, lp, 1.0f, v);
  EXPECT_FLOAT_EQ(v[0], 11.5f);  // 10 - (-1.5)
  EXPECT_FLOAT_EQ(v[1], -5.25f); // -5 - 0.25
  softValueTargets(2, q1, q2, lp, 0.2f, v);
  EXPECT_NEAR(v[0], 10.3, 1e-6);
}

TEST(ScaleRewards, MultipliesInPlaceAndRefusesBadScales) {
  float r[] = {1.0f, -2.0f, 0.25f};
  scaleRewards(3, r, 5.0f, r);
  EXPECT_EQ(r[0], 5.0f);
  EXPECT_EQ(r[1], -10.0f);
  EXPECT_EQ(r[2], 1.25f);
  EXPECT_THROW(scaleRewards(3, r, 0.0f, r), std::invalid_argument);
  EXPECT_THROW(scaleRewards(3, r, NAN, r), std::invalid_argument);
}

TEST(TwinMinimum, PicksTheSmallerCriticAndItsGradient) {
  float q1[] = {1.0f, 5.0f}, q2[] = {2.0f, 4.0f};
  float g1[] = {1, 1, 1, 1}, g2[] = {2, 2, 2, 2};
  float q[2], g[4];
  twinMinimum(2, 2, q1, q2, g1, g2, q, g);
  EXPECT_EQ(q[0], 1.0f);
  EXPECT_EQ(q[1], 4.0f);
  EXPECT_EQ(g[0], 1.0f);
  EXPECT_EQ(g[1], 1.0f);
  EXPECT_EQ(g[2], 2.0f);
  EXPECT_EQ(g[3], 2.0f);
}

TEST(Polyak, MatchesDirectFormula) {
  float online[] = {1.0f, -2.0f, 3.5f, 0.0f};
  float target[] = {0.5f, 0.5f, -1.0f, 8.0f};
  float expected[4];
  const float tau = 0.005f;
  for (int i = 0; i < 4; ++i)
    expected[i] = tau * online[i] + (1.0f - tau) * target[i];
  polyakUpdate(4, online, tau, target);
  for (int i = 0; i < 4; ++i)
    EXPECT_FLOAT_EQ(target[i], expected[i]);
}

TEST(Polyak, TauZeroKeepsTauOneCopies) {
  float online[] = {1.0f, 2.0f}, t0[] = {5.0f, 6.0f}, t1[] = {5.0f, 6.0f};
  polyakUpdate(2, online, 0.0f, t0);
  polyakUpdate(2, online, 1.0f, t1);
  EXPECT_EQ(t0[0], 5.0f);
  EXPECT_EQ(t0[1], 6.0f);
  EXPECT_EQ(t1[0], 1.0f);
  EXPECT_EQ(t1[1], 2.0f);
  EXPECT_THROW(polyakUpdate(2, online, 1.5f, t0), std::invalid_argument);
}
