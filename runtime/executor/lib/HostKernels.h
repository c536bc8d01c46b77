//===- HostKernels.h - Steps run as C++ loops instead of primitives -------===//
//
// Adam is one fused pass over param, grad, m and v: as oneDNN primitives it
// would be ~7 eltwise/binary/sum passes over the same memory, and its
// bias-corrected step size changes every run while oneDNN 2.6 fixes scales
// when a primitive is created. The Bernoulli sampler has no oneDNN primitive
// at all. Batch normalization runs here because oneDNN 2.6 has no fast
// implementation for a feature count that is not a multiple of 16
// (BatchNorm.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_LIB_HOSTKERNELS_H
#define OFEX_EXEC_LIB_HOSTKERNELS_H

#include <cstddef>
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

/// One tensor's Adam operands (n elements each) and its coefficients.
struct AdamSegment {
  float *param = nullptr;
  const float *grad = nullptr;
  float *m = nullptr, *v = nullptr;
  int64_t n = 0;
  AdamCoefficients c{};
};

/// Updates every segment; large totals are split evenly over the OpenMP
/// threads across segment boundaries.
void adamUpdate(const AdamSegment *segs, size_t count);

/// xi[j] = theta[j] > u_j ? 1 : 0 with u_j uniform in [0, 1) from a
/// counter-based generator keyed by (seed, stream, counter, j): results do not
/// depend on threads or call order, only on those four numbers. With `relax`
/// > 0 a unit is, with that probability, drawn uniform in (0, 1) instead
/// (see BernoulliStep); relax = 0 gives the plain draws bit for bit.
void sampleBernoulli(const float *theta, float *xi, int64_t n, uint64_t seed,
                     uint64_t stream, uint64_t counter, double relax = 0.0);

/// dst (rows x cols, row stride ldd) = src (rows x cols, row stride lds
/// floats) rounded to bfloat16, to nearest even (NaN stays NaN, denormals
/// become zeros): the operand copies of bf16 matmuls. oneDNN 2.6's reorder to
/// bf16 runs a generic loop (~3 ns an element here); this one uses AVX-512
/// BF16's conversion when the CPU has it (~0.4 ns).
void convertToBf16(const float *src, int64_t lds, int64_t rows, int64_t cols,
                   uint16_t *dst, int64_t ldd);
/// The same, transposed: dst (cols x rows, dense) holds src's columns as
/// rows. oneDNN 2.6 runs a bf16 matmul whose weights are read transposed
/// (dX = dY W^T) on its generic GEMM, not on AMX; given the transpose made
/// here, it takes the plain layout's AMX kernel.
void convertTransposedToBf16(const float *src, int64_t lds, int64_t rows,
                             int64_t cols, uint16_t *dst);
/// One value, the same rounding.
uint16_t toBf16(float x);

/// dst[r][0, cols) = src[r][0, cols) for r < rows, with row strides (in
/// floats) lds and ldd: a plain copy, a column slice, or a copy into a view.
/// oneDNN 2.6's reorder is a generic loop spread over the threads; for the
/// plans' copies (tens to hundreds of KB, often one 30-column strip of a
/// wider buffer) a memcpy per row takes a fraction of its time.
void copyRows(const float *src, int64_t lds, float *dst, int64_t ldd,
              int64_t rows, int64_t cols);

/// Pointers of one batch normalization over a rows x cols row-major src,
/// statistics per column (see NormStep / NormBackwardStep). scale, shift,
/// diff_scale and diff_shift may be null (1, 0, not wanted). dst (diff_src)
/// may equal src (diff_dst): each element is read before it is written.
struct BatchNormArgs {
  int64_t rows = 0, cols = 0;
  float eps = 0.0f;
  const float *src = nullptr;
  const float *scale = nullptr;
  const float *shift = nullptr;
  float *dst = nullptr;
  float *mean = nullptr;     ///< written by the forward, read by the backward
  float *variance = nullptr; ///< biased, likewise
  const float *diff_dst = nullptr;
  float *diff_src = nullptr;
  float *diff_scale = nullptr;
  float *diff_shift = nullptr;
  /// mean and variance are given (running statistics) and only read.
  bool use_stats = false;
};

/// dst = (src - mean) / sqrt(variance + eps) * scale + shift; writes mean and
/// variance unless use_stats.
void batchNormForward(const BatchNormArgs &a);
/// diff_src, and diff_scale / diff_shift where set, from mean and variance
/// (constants with use_stats: diff_src = diff_dst * scale / sigma).
void batchNormBackward(const BatchNormArgs &a);

/// mean = (1 - momentum) mean + momentum m(src), variance likewise with the
/// unbiased column variance of src (rows x cols, rows >= 2).
void updateRunningStats(const float *src, int64_t rows, int64_t cols,
                        float *mean, float *variance, float momentum);

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_HOSTKERNELS_H
