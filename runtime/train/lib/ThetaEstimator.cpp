//===- ThetaEstimator.cpp - The relaxed theta estimator -------------------===//

#include "ofex/train/ThetaEstimator.h"

namespace ofex::train {

void relaxedThetaGradient(const float *dxi, const float *xi, int64_t n,
                          double relax, float *out) {
  for (int64_t j = 0; j < n; ++j)
    out[j] = xi[j] > 0.0f && xi[j] < 1.0f ? float(dxi[j] / relax) : 0.0f;
}

} // namespace ofex::train
