//===- Adam.cpp - Fused, vectorised bias-corrected Adam update ------------===//

#include "HostKernels.h"

#include <omp.h>

#include <algorithm>
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

namespace {

__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3",
                             "default"))) void
adamRange(const AdamSegment &s, int64_t begin, int64_t end) {
  const AdamCoefficients &c = s.c;
  float *param = s.param, *m = s.m, *v = s.v;
  const float *grad = s.grad;
#pragma omp simd
  for (int64_t i = begin; i < end; ++i) {
    float g = grad[i];
    float mi = c.beta1 * m[i] + c.one_minus_beta1 * g;
    float vi = c.beta2 * v[i] + c.one_minus_beta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] -= c.step * mi / (std::sqrt(vi) * c.inv_sqrt_bc2 + c.eps);
  }
}

/// This thread's share [begin, end) of the segments' joint index space.
void adamShare(const AdamSegment *segs, size_t count, int64_t begin,
               int64_t end) {
  int64_t base = 0;
  for (size_t k = 0; k < count && base < end; base += segs[k].n, ++k) {
    int64_t lo = std::max(begin, base), hi = std::min(end, base + segs[k].n);
    if (lo < hi)
      adamRange(segs[k], lo - base, hi - base);
  }
}

} // namespace

void adamUpdate(const AdamSegment *segs, size_t count) {
  int64_t total = 0;
  for (size_t k = 0; k < count; ++k)
    total += segs[k].n;
  if (total < kParallelThreshold) {
    adamShare(segs, count, 0, total);
    return;
  }
  // One parallel region for all of a step's parameters: a network's tensors
  // are mostly too small to be worth a region each, together they are not.
#pragma omp parallel
  {
    const int64_t nthr = omp_get_num_threads(), ithr = omp_get_thread_num();
    // Shares start at a multiple of 16 elements of the joint index space.
    auto edge = [&](int64_t t) { return (total * t / nthr + 15) / 16 * 16; };
    adamShare(segs, count, std::min(total, edge(ithr)),
              ithr + 1 == nthr ? total : std::min(total, edge(ithr + 1)));
  }
}

} // namespace ofex::exec::detail
