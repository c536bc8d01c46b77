//===- Bf16Mirrors.cpp - bf16 copies of matmul operands, kept fresh -------===//

#include "Bf16Mirrors.h"

#include "HostKernels.h"

#include <algorithm>

namespace ofex::exec::detail {

void Bf16Mirrors::want(BufferId b) { mirrors[rootOf(b)]; }

void Bf16Mirrors::allocate() {
  for (auto &[root, m] : mirrors) {
    const Buffer &r = plan.buffers[size_t(root)];
    m.data = AlignedBuffer<>(size_t(r.elements()) * sizeof(uint16_t));
    m.fresh.assign(size_t(r.cols), 0);
  }
}

uint16_t *Bf16Mirrors::at(BufferId b) {
  return reinterpret_cast<uint16_t *>(mirrors.at(rootOf(b)).data.data()) +
         firstColumn(b);
}

void Bf16Mirrors::refresh(BufferId b, const float *rootData) {
  const BufferId root = rootOf(b);
  Mirror &m = mirrors.at(root);
  const int64_t ld = plan.buffers[size_t(root)].cols;
  const int64_t rows = plan.buffers[size_t(b)].rows;
  const int64_t first = firstColumn(b),
                end = first + plan.buffers[size_t(b)].cols;
  auto *out = reinterpret_cast<uint16_t *>(m.data.data());
  // Each run of stale columns at once.
  for (int64_t c = first; c < end;) {
    if (m.fresh[size_t(c)]) {
      ++c;
      continue;
    }
    int64_t e = c;
    while (e < end && !m.fresh[size_t(e)])
      m.fresh[size_t(e++)] = 1;
    convertToBf16(rootData + c, ld, rows, e - c, out + c, ld);
    c = e;
  }
}

void Bf16Mirrors::stale(BufferId b) {
  auto it = mirrors.find(rootOf(b));
  if (it == mirrors.end())
    return;
  const int64_t first = firstColumn(b);
  std::fill_n(it->second.fresh.begin() + first, plan.buffers[size_t(b)].cols,
              uint8_t(0));
}

void Bf16Mirrors::staleAll() {
  for (auto &[root, m] : mirrors)
    std::fill(m.fresh.begin(), m.fresh.end(), uint8_t(0));
}

} // namespace ofex::exec::detail
