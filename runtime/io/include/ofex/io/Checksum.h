//===- Checksum.h - 64-bit FNV-1a -----------------------------------------===//
#ifndef OFEX_IO_CHECKSUM_H
#define OFEX_IO_CHECKSUM_H

#include <cstddef>
#include <cstdint>

namespace ofex::io {

/// Incremental 64-bit FNV-1a (offset 0xcbf29ce484222325, prime
/// 0x100000001b3) over bytes.
class Fnv1a64 {
public:
  void update(const void *data, std::size_t size);
  std::uint64_t digest() const { return hash_; }

private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

std::uint64_t fnv1a64(const void *data, std::size_t size);

} // namespace ofex::io

#endif // OFEX_IO_CHECKSUM_H
