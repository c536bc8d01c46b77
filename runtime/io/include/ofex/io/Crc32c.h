//===- Crc32c.h - CRC-32C (Castagnoli) and TFRecord's masked form ---------===//
//
// CRC-32C is the checksum of TFRecord framing (TensorBoard event files). The
// masked form is what TFRecord stores: a CRC of data that itself embeds CRCs
// is easy to get accidentally right, so the stored value is rotated and
// offset.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_CRC32C_H
#define OFEX_IO_CRC32C_H

#include <cstddef>
#include <cstdint>

namespace ofex::io {

/// CRC-32C (reflected polynomial 0x82F63B78, initial value and final xor
/// 0xFFFFFFFF) of `size` bytes, continuing from `crc`, the CRC of the bytes
/// before them (0 for none): crc32c(ab) == crc32c(b, crc32c(a)).
/// crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(const void *data, std::size_t size, std::uint32_t crc = 0);

/// TFRecord's masked CRC: ((crc >> 15) | (crc << 17)) + 0xa282ead8.
std::uint32_t maskCrc32c(std::uint32_t crc);
/// The inverse of maskCrc32c.
std::uint32_t unmaskCrc32c(std::uint32_t masked);

} // namespace ofex::io

#endif // OFEX_IO_CRC32C_H
