//===- ThetaEstimator.h - The relaxed theta estimator -----------*- C++ -*-===//
//
// The theta step needs dE[L]/dtheta_k = E[L | xi_k = 1] - E[L | xi_k = 0].
// The straight-through estimate dL/dxi_k at the Bernoulli draw is the loss's
// slope at the drawn value; at theta = 1 that is the slope at full strength,
// which vanishes at a weight optimum although removing the unit costs a
// finite Delta (measured: 2-5x the slope on HalfCheetah, docs/pruning.md).
// A relaxed draw xi_k = u ~ U(0, 1) has E_u[dL/dxi_k(u)] = L(1) - L(0) (the
// fundamental theorem of calculus), so its gradient is an unbiased estimate
// of Delta_k at the cost of no extra pass.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_THETAESTIMATOR_H
#define OFEX_TRAIN_THETAESTIMATOR_H

#include <cstdint>

namespace ofex::train {

/// out[j] = dxi[j] / relax where xi[j] is a relaxed draw (strictly inside
/// (0, 1): Bernoulli draws are exactly 0 or 1), else 0. With each unit
/// relaxed with probability `relax`, E[out[j]] = L(xi_j = 1) - L(xi_j = 0).
void relaxedThetaGradient(const float *dxi, const float *xi, int64_t n,
                          double relax, float *out);

} // namespace ofex::train

#endif // OFEX_TRAIN_THETAESTIMATOR_H
