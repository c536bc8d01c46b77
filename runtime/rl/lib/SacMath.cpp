//===- SacMath.cpp - Critic-side SAC glue: targets, twin minimum, Polyak --===//
#include "ofex/rl/SacMath.h"

#include "Check.h"

#include <algorithm>

namespace ofex::rl {

void bellmanTargets(std::size_t rows, const float *reward,
                    const float *terminated, const float *q1_next,
                    const float *q2_next, const float *log_prob_next,
                    float gamma, float alpha, float *target) {
  const char *fn = "bellmanTargets";
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(reward, fn, "reward");
  detail::requirePtr(terminated, fn, "terminated");
  detail::requirePtr(q1_next, fn, "q1_next");
  detail::requirePtr(q2_next, fn, "q2_next");
  detail::requirePtr(log_prob_next, fn, "log_prob_next");
  detail::requirePtr(target, fn, "target");
  detail::requireUnit(gamma, fn, "gamma");
  detail::requireFinite(alpha, fn, "alpha");
  for (std::size_t r = 0; r < rows; ++r) {
    double soft_v = std::min(static_cast<double>(q1_next[r]),
                             static_cast<double>(q2_next[r])) -
                    static_cast<double>(alpha) * log_prob_next[r];
    double not_done = 1.0 - static_cast<double>(terminated[r]);
    target[r] = static_cast<float>(reward[r] + gamma * not_done * soft_v);
  }
}

void valueBellmanTargets(std::size_t rows, const float *reward,
                         const float *terminated, const float *v_next,
                         float gamma, float *target) {
  const char *fn = "valueBellmanTargets";
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(reward, fn, "reward");
  detail::requirePtr(terminated, fn, "terminated");
  detail::requirePtr(v_next, fn, "v_next");
  detail::requirePtr(target, fn, "target");
  detail::requireUnit(gamma, fn, "gamma");
  for (std::size_t r = 0; r < rows; ++r) {
    double not_done = 1.0 - static_cast<double>(terminated[r]);
    target[r] = static_cast<float>(reward[r] + gamma * not_done * v_next[r]);
  }
}

void softValueTargets(std::size_t rows, const float *q1, const float *q2,
                      const float *log_prob, float alpha, float *target) {
  const char *fn = "softValueTargets";
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(q1, fn, "q1");
  detail::requirePtr(q2, fn, "q2");
  detail::requirePtr(log_prob, fn, "log_prob");
  detail::requirePtr(target, fn, "target");
  detail::requireFinite(alpha, fn, "alpha");
  for (std::size_t r = 0; r < rows; ++r)
    target[r] = static_cast<float>(
        std::min(static_cast<double>(q1[r]), static_cast<double>(q2[r])) -
        static_cast<double>(alpha) * log_prob[r]);
}

void scaleRewards(std::size_t rows, const float *reward, float scale,
                  float *out) {
  const char *fn = "scaleRewards";
  detail::requirePtr(reward, fn, "reward");
  detail::requirePtr(out, fn, "out");
  detail::requireFinite(scale, fn, "scale");
  detail::require(scale > 0, fn, "scale must be > 0");
  for (std::size_t r = 0; r < rows; ++r)
    out[r] = reward[r] * scale;
}

void twinMinimum(std::size_t rows, std::size_t act_dim, const float *q1,
                 const float *q2, const float *dq1_da, const float *dq2_da,
                 float *q_min, float *dq_min_da) {
  const char *fn = "twinMinimum";
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(q1, fn, "q1");
  detail::requirePtr(q2, fn, "q2");
  if (dq_min_da) {
    detail::require(act_dim > 0, fn, "act_dim must be > 0");
    detail::requirePtr(dq1_da, fn, "dq1_da");
    detail::requirePtr(dq2_da, fn, "dq2_da");
  }
  for (std::size_t r = 0; r < rows; ++r) {
    bool first = q1[r] <= q2[r];
    if (q_min)
      q_min[r] = first ? q1[r] : q2[r];
    if (dq_min_da) {
      const float *src = (first ? dq1_da : dq2_da) + r * act_dim;
      std::copy(src, src + act_dim, dq_min_da + r * act_dim);
    }
  }
}

void polyakUpdate(std::size_t n, const float *online, float tau,
                  float *target) {
  const char *fn = "polyakUpdate";
  detail::requirePtr(online, fn, "online");
  detail::requirePtr(target, fn, "target");
  detail::requireUnit(tau, fn, "tau");
  const float keep = 1.0f - tau;
  for (std::size_t i = 0; i < n; ++i)
    target[i] = tau * online[i] + keep * target[i];
}

} // namespace ofex::rl
