//===- Crc32c.cpp - CRC-32C (Castagnoli) and TFRecord's masked form -------===//
#include "ofex/io/Crc32c.h"

#include <array>

namespace ofex::io {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u; // 0x1EDC6F41 reflected
constexpr std::uint32_t kMaskDelta = 0xa282ead8u;

/// The byte-at-a-time table, computed by the compiler: a constant, not state
/// set up at run time. Event files are small (a few records per logged step),
/// so one table lookup per byte is plenty and needs no CPU-specific code.
constexpr std::array<std::uint32_t, 256> makeTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit)
      c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = makeTable();

} // namespace

std::uint32_t crc32c(const void *data, std::size_t size, std::uint32_t crc) {
  const auto *bytes = static_cast<const unsigned char *>(data);
  // The pre- and post-inversion are undone and redone here so that a CRC
  // returned by one call continues in the next.
  std::uint32_t c = ~crc;
  for (std::size_t i = 0; i < size; ++i)
    c = kTable[(c ^ bytes[i]) & 0xFFu] ^ (c >> 8);
  return ~c;
}

std::uint32_t maskCrc32c(std::uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + kMaskDelta;
}

std::uint32_t unmaskCrc32c(std::uint32_t masked) {
  const std::uint32_t rotated = masked - kMaskDelta;
  return (rotated >> 17) | (rotated << 15);
}

} // namespace ofex::io
