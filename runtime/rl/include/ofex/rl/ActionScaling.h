//===- ActionScaling.h - Map policy actions in [-1, 1] to an env's box ----===//
//
//   a_env = low + (a + 1) * (high - low) / 2        (per column)
//
// The policy's log_prob is that of a in [-1, 1]; the constant log-Jacobian of
// this map (sum_j log((high_j - low_j) / 2)) is not added to it.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_ACTIONSCALING_H
#define OFEX_RL_ACTIONSCALING_H

#include "ofex/rl/BatchShape.h"

namespace ofex::rl {

/// a_env = low + (a + 1) (high - low) / 2; low and high have shape.cols
/// entries with low < high, both finite. `a_env` may alias `a`.
void scaleActionsToBox(BatchShape shape, const float *a, const float *low,
                       const float *high, float *a_env);

/// The inverse: a = 2 (a_env - low) / (high - low) - 1 (e.g. to store random
/// env-box actions in the replay buffer in policy units). May alias.
void unscaleActionsFromBox(BatchShape shape, const float *a_env,
                           const float *low, const float *high, float *a);

/// Chain rule through the map: dQ/da = dQ/da_env * (high - low) / 2, for
/// critics that read env-box actions. May alias.
void scaleActionGradFromBox(BatchShape shape, const float *dq_da_env,
                            const float *low, const float *high, float *dq_da);

} // namespace ofex::rl

#endif // OFEX_RL_ACTIONSCALING_H
