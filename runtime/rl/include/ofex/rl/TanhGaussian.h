//===- TanhGaussian.h - Tanh-squashed Gaussian policy: sample and backward
//-===//
//
// The policy head emits mean and log_std (rows x act_dim). With caller-given
// noise eps ~ N(0, 1) (so every draw is reproducible):
//
//   ls = clamp(log_std, kLogStdMin, kLogStdMax)
//   u  = mean + exp(ls) * eps
//   a  = tanh(u)
//   log_prob = sum_j [ -0.5 eps_j^2 - ls_j - 0.5 log(2 pi)
//                      - 2 (log 2 - u_j - softplus(-2 u_j)) ]
//
// The last term is the exact log(1 - tanh(u)^2) in its numerically stable
// form (no 1e-6 fudge). Clipping is a hard clamp: the gradient wrt log_std is
// zero where log_std < kLogStdMin or log_std > kLogStdMax and passes unchanged
// on [kLogStdMin, kLogStdMax] (bounds included), as torch.clamp does.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_TANHGAUSSIAN_H
#define OFEX_RL_TANHGAUSSIAN_H

#include "ofex/rl/BatchShape.h"

namespace ofex::rl {

inline constexpr float kLogStdMin = -20.0f;
inline constexpr float kLogStdMax = 2.0f;

/// Forward: writes the squashed action (rows x cols, in [-1, 1]) and the
/// per-row log-probability of that action (rows). `shape.cols` is act_dim.
void tanhGaussianSample(BatchShape shape, const float *mean,
                        const float *log_std, const float *eps, float *action,
                        float *log_prob);

/// Deterministic (evaluation) action: a = tanh(mean).
void tanhGaussianMeanAction(BatchShape shape, const float *mean, float *action);

/// Value of the policy loss L = mean_rows(alpha * log_prob - q), where q is
/// the critic value of the sampled action (usually min(Q1, Q2)).
float policyLoss(std::size_t rows, const float *log_prob, const float *q,
                 float alpha);

/// Backward of L = mean_rows(alpha * log_prob(a) - Q(s, a)) with
/// a = tanh(mean + exp(ls) * eps), given dq_da = dQ/da per row (rows x cols,
/// from the critic's input gradient; alpha is a constant here). Writes dL/d
/// mean and dL/d log_std (rows x cols), with B = rows, s = exp(ls):
///
///   dL/dmean    = (alpha * 2a - dq_da * (1 - a^2)) / B
///   dL/dlog_std = (alpha * (2a * s * eps - 1) - dq_da * (1 - a^2) * s * eps)
///                 / B, times 0 outside [kLogStdMin, kLogStdMax].
///
/// (d log_prob / du = 2a follows from the stable tanh correction.) The
/// outputs may not alias the inputs.
void policyLossBackward(BatchShape shape, const float *mean,
                        const float *log_std, const float *eps,
                        const float *dq_da, float alpha, float *d_mean,
                        float *d_log_std);

} // namespace ofex::rl

#endif // OFEX_RL_TANHGAUSSIAN_H
