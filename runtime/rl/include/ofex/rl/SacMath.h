//===- SacMath.h - Critic-side SAC glue: targets, twin minimum, Polyak ----===//
#ifndef OFEX_RL_SACMATH_H
#define OFEX_RL_SACMATH_H

#include <cstddef>

namespace ofex::rl {

/// Soft Bellman targets, per row:
///   y = r + gamma * (1 - terminated) * (min(q1_next, q2_next)
///                                       - alpha * log_prob_next)
/// `terminated` is 1 only for a true termination; a time-limit truncation has
/// terminated = 0 and bootstraps. gamma in [0, 1]; alpha finite.
void bellmanTargets(std::size_t rows, const float *reward,
                    const float *terminated, const float *q1_next,
                    const float *q2_next, const float *log_prob_next,
                    float gamma, float alpha, float *target);

/// SAC v1's critic targets, per row, from the target value network:
///   y = reward + gamma * (1 - terminated) * v_next
/// (rewards already scaled by the run's reward scale).
void valueBellmanTargets(std::size_t rows, const float *reward,
                         const float *terminated, const float *v_next,
                         float gamma, float *target);

/// SAC v1's value-network targets, per row, at a fresh action a ~ pi(s):
///   v = min(q1, q2) - alpha * log_prob   (alpha = 1 in v1)
void softValueTargets(std::size_t rows, const float *q1, const float *q2,
                      const float *log_prob, float alpha, float *target);

/// Multiplies rewards by `scale` (finite, > 0) into `out` (may be `reward`).
void scaleRewards(std::size_t rows, const float *reward, float scale,
                  float *out);

/// Row-wise twin minimum for the policy loss: q_min = min(q1, q2) and
/// dq_min_da = the action gradient of the smaller critic (q1's on ties).
/// dq1_da / dq2_da / dq_min_da are rows x act_dim. Outputs may be null to skip.
void twinMinimum(std::size_t rows, std::size_t act_dim, const float *q1,
                 const float *q2, const float *dq1_da, const float *dq2_da,
                 float *q_min, float *dq_min_da);

/// Polyak averaging in place: target = tau * online + (1 - tau) * target,
/// tau in [0, 1].
void polyakUpdate(std::size_t n, const float *online, float tau, float *target);

} // namespace ofex::rl

#endif // OFEX_RL_SACMATH_H
