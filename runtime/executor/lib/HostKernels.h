//===- HostKernels.h - Steps run as C++ loops instead of primitives -------===//
//
// Adam is one fused pass over param, grad, m and v: as oneDNN primitives it
// would be ~7 eltwise/binary/sum passes over the same memory, and its
// bias-corrected step size changes every run while oneDNN 2.6 fixes scales
// when a primitive is created. The Bernoulli sampler has no oneDNN primitive
// at all.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_LIB_HOSTKERNELS_H
#define OFEX_EXEC_LIB_HOSTKERNELS_H

#include <cstdint>

namespace ofex::exec::detail {

/// Per-run Adam constants with the bias corrections folded in:
/// p -= step * m / (sqrt(v) * inv_sqrt_bc2 + eps), which equals
/// lr * mhat / (sqrt(vhat) + eps) with mhat = m / (1 - beta1^t) and
/// vhat = v / (1 - beta2^t).
struct AdamCoefficients {
  float beta1, one_minus_beta1;
  float beta2, one_minus_beta2;
  float step;         ///< lr / (1 - beta1^t)
  float inv_sqrt_bc2; ///< 1 / sqrt(1 - beta2^t)
  float eps;

  static AdamCoefficients at(double lr, double beta1, double beta2, double eps,
                             int64_t t);
};

void adamUpdate(float *param, const float *grad, float *m, float *v, int64_t n,
                const AdamCoefficients &c);

/// xi[j] = theta[j] > u_j ? 1 : 0 with u_j uniform in [0, 1) from a
/// counter-based generator keyed by (seed, stream, counter, j): results do not
/// depend on threads or call order, only on those four numbers.
void sampleBernoulli(const float *theta, float *xi, int64_t n, uint64_t seed,
                     uint64_t stream, uint64_t counter);

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_HOSTKERNELS_H
