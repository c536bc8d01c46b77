//===- CopyRows.cpp - Strided row copies for reorders and slices ----------===//

#include "HostKernels.h"

#include <cstring>

namespace ofex::exec::detail {

void copyRows(const float *src, int64_t lds, float *dst, int64_t ldd,
              int64_t rows, int64_t cols) {
  if (lds == cols && ldd == cols) {
    std::memcpy(dst, src, size_t(rows * cols) * sizeof(float));
    return;
  }
  for (int64_t r = 0; r < rows; ++r)
    std::memcpy(dst + r * ldd, src + r * lds, size_t(cols) * sizeof(float));
}

} // namespace ofex::exec::detail
