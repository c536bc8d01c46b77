//===- Checksum.cpp - 64-bit FNV-1a ---------------------------------------===//
#include "ofex/io/Checksum.h"

namespace ofex::io {

void Fnv1a64::update(const void *data, std::size_t size) {
  const auto *bytes = static_cast<const unsigned char *>(data);
  std::uint64_t h = hash_;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= bytes[i];
    h *= 0x100000001b3ull;
  }
  hash_ = h;
}

std::uint64_t fnv1a64(const void *data, std::size_t size) {
  Fnv1a64 h;
  h.update(data, size);
  return h.digest();
}

} // namespace ofex::io
