//===- ActionScalingTest.cpp - [-1, 1] <-> env box
//-------------------------===//
#include "ofex/rl/ActionScaling.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace ofex::rl;

TEST(ActionScaling, MapsEndpointsAndRoundTrips) {
  const BatchShape shape{2, 2};
  float low[] = {-0.4f, 0.0f}, high[] = {0.4f, 3.0f};
  float a[] = {-1.0f, 1.0f, 0.5f, 0.0f}, env[4], back[4];
  scaleActionsToBox(shape, a, low, high, env);
  EXPECT_FLOAT_EQ(env[0], -0.4f);
  EXPECT_FLOAT_EQ(env[1], 3.0f);
  EXPECT_FLOAT_EQ(env[2], 0.2f);
  EXPECT_FLOAT_EQ(env[3], 1.5f);
  unscaleActionsFromBox(shape, env, low, high, back);
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(back[i], a[i], 1e-6);
}

TEST(ActionScaling, GradientIsTheChainRule) {
  // Q(a_env) = w . a_env: dQ/da = w * (high - low) / 2, checked by a
  // finite difference through scaleActionsToBox.
  const BatchShape shape{1, 2};
  float low[] = {-3.0f, -0.4f}, high[] = {3.0f, 0.4f}, w[] = {0.7f, -2.0f};
  float g[2];
  scaleActionGradFromBox(shape, w, low, high, g);
  for (int j = 0; j < 2; ++j) {
    float a_up[] = {0.1f, 0.1f}, a_dn[] = {0.1f, 0.1f}, e_up[2], e_dn[2];
    a_up[j] += 0.01f;
    a_dn[j] -= 0.01f;
    scaleActionsToBox(shape, a_up, low, high, e_up);
    scaleActionsToBox(shape, a_dn, low, high, e_dn);
    double q_up = w[0] * e_up[0] + w[1] * e_up[1];
    double q_dn = w[0] * e_dn[0] + w[1] * e_dn[1];
    EXPECT_NEAR(g[j], (q_up - q_dn) / 0.02, 1e-3);
  }
}

TEST(ActionScaling, RefusesAnEmptyBox) {
  float low[] = {1.0f}, high[] = {1.0f}, a[] = {0.0f}, out[1];
  EXPECT_THROW(scaleActionsToBox({1, 1}, a, low, high, out),
               std::invalid_argument);
}
