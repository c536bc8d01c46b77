//===- Adam.cpp - Fused, vectorised bias-corrected Adam update ------------===//

#include "HostKernels.h"

#include <cmath>

namespace ofex::exec::detail {

// Below this many parameters a parallel region costs more than it saves.
static constexpr int64_t kParallelThreshold = 1 << 15;

AdamCoefficients AdamCoefficients::at(double lr, double beta1, double beta2,
                                      double eps, int64_t t) {
  // In double: 1 - beta2^t is ~1e-3 at t = 1 and cancels badly in float.
  double bc1 = 1.0 - std::pow(beta1, double(t));
  double bc2 = 1.0 - std::pow(beta2, double(t));
  AdamCoefficients c;
  c.beta1 = float(beta1);
  c.one_minus_beta1 = float(1.0 - beta1);
  c.beta2 = float(beta2);
  c.one_minus_beta2 = float(1.0 - beta2);
  c.step = float(lr / bc1);
  c.inv_sqrt_bc2 = float(1.0 / std::sqrt(bc2));
  c.eps = float(eps);
  return c;
}

void adamUpdate(float *param, const float *grad, float *m, float *v, int64_t n,
                const AdamCoefficients &c) {
#pragma omp parallel for simd schedule(static) if (n >= kParallelThreshold)
  for (int64_t i = 0; i < n; ++i) {
    float g = grad[i];
    float mi = c.beta1 * m[i] + c.one_minus_beta1 * g;
    float vi = c.beta2 * v[i] + c.one_minus_beta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] -= c.step * mi / (std::sqrt(vi) * c.inv_sqrt_bc2 + c.eps);
  }
}

} // namespace ofex::exec::detail
