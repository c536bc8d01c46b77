//===- Bf16.cpp - fp32 operands rounded to bfloat16 -----------------------===//
//
// bf16 matmuls (Precision::BF16) read copies of their operands rounded to
// bfloat16. The vector kernel is compiled for AVX-512 BF16 alone and only
// called on CPUs that have it (the executor accepts bf16 nowhere else); the
// scalar loop rounds the same way, for the tails of other CPUs' tests.
//
//===----------------------------------------------------------------------===//

#include "HostKernels.h"

#include "ofex/exec/Precision.h"

#include <algorithm>
#include <cstring>
#include <immintrin.h>

namespace ofex::exec::detail {

uint16_t toBf16(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  if ((u & 0x7fffffffu) > 0x7f800000u) // NaN: keep it quiet, keep the sign
    return uint16_t((u >> 16) | 0x0040u);
  if ((u & 0x7f800000u) == 0) // zero or denormal: signed zero, as the
    return uint16_t((u >> 16) & 0x8000u); // instruction treats denormals

  // Round to nearest, ties to even: add 0x7fff plus the kept part's lowest
  // bit, then drop the low half.
  u += 0x7fffu + ((u >> 16) & 1u);
  return uint16_t(u >> 16);
}

namespace {

__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16"))) void
convertRowsAvx512(const float *src, int64_t lds, int64_t rows, int64_t cols,
                  uint16_t *dst, int64_t ldd) {
  for (int64_t r = 0; r < rows; ++r) {
    const float *in = src + r * lds;
    uint16_t *out = dst + r * ldd;
    int64_t c = 0;
    for (; c + 16 <= cols; c += 16) {
      __m256bh h = _mm512_cvtneps_pbh(_mm512_loadu_ps(in + c));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + c),
                          reinterpret_cast<__m256i &>(h));
    }
    if (c < cols) {
      const __mmask16 m = __mmask16((1u << (cols - c)) - 1u);
      __m256bh h = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(m, in + c));
      _mm256_mask_storeu_epi16(out + c, m, reinterpret_cast<__m256i &>(h));
    }
  }
}

} // namespace

void convertToBf16(const float *src, int64_t lds, int64_t rows, int64_t cols,
                   uint16_t *dst, int64_t ldd) {
  if (cpuHasBf16()) {
    // Large copies (a DenseNet's concatenation: up to 256 x 2,000) are
    // split over the threads the matmuls use.
    const int64_t rowsPerTask =
        std::max<int64_t>(1, (int64_t(1) << 15) / std::max<int64_t>(cols, 1));
#pragma omp parallel for schedule(static) if (rows * cols >= (1 << 16))
    for (int64_t r0 = 0; r0 < rows; r0 += rowsPerTask)
      convertRowsAvx512(src + r0 * lds, lds, std::min(rowsPerTask, rows - r0),
                        cols, dst + r0 * ldd, ldd);
    return;
  }
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      dst[r * ldd + c] = toBf16(src[r * lds + c]);
}

void convertTransposedToBf16(const float *src, int64_t lds, int64_t rows,
                             int64_t cols, uint16_t *dst) {
  // Tiles of 16 source rows x up to 256 columns: rounded row by row into a
  // small buffer, then written out column by column (16 neighbours each).
  constexpr int64_t kRows = 16, kCols = 256;
  uint16_t tile[kRows * kCols];
  for (int64_t r0 = 0; r0 < rows; r0 += kRows) {
    const int64_t nr = std::min(kRows, rows - r0);
    for (int64_t c0 = 0; c0 < cols; c0 += kCols) {
      const int64_t nc = std::min(kCols, cols - c0);
      convertToBf16(src + r0 * lds + c0, lds, nr, nc, tile, nc);
      for (int64_t c = 0; c < nc; ++c) {
        uint16_t *out = dst + (c0 + c) * rows + r0;
        for (int64_t r = 0; r < nr; ++r)
          out[r] = tile[r * nc + c];
      }
    }
  }
}

} // namespace ofex::exec::detail
