//===- fuzz-replay.cpp - The replay buffer loader on hostile bytes --------===//
//
// The loader reads a stream against the shape its run expects (here 16
// transitions of 3 + 2 floats), as ofex-train's resume does. Input byte 0
// chooses how the rest is read: odd, as the six header fields (48 bytes) and
// a body that get the magic, version and both checksums (the forged file a
// checksum does not stop); even, as a whole stream. Whatever loads must save
// back to the same bytes.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ofex/io/Checksum.h"
#include "ofex/rl/ReplayBuffer.h"

#include <cstdint>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {
void appendSum(std::string &bytes) {
  const std::uint64_t sum = ofex::io::fnv1a64(bytes.data(), bytes.size());
  bytes.append(reinterpret_cast<const char *>(&sum), sizeof(sum));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const char *rest = reinterpret_cast<const char *>(data) + 1;
  const size_t restSize = size - 1;
  std::string bytes;
  if (data[0] & 1) {
    const std::uint32_t version = 1, reserved = 0;
    bytes.append("OFEXRPLB", 8);
    bytes.append(reinterpret_cast<const char *>(&version), 4);
    bytes.append(reinterpret_cast<const char *>(&reserved), 4);
    std::string fields(48, '\0');
    std::memcpy(fields.data(), rest, std::min<size_t>(48, restSize));
    bytes += fields;
    appendSum(bytes);
    if (restSize > 48)
      bytes.append(rest + 48, restSize - 48);
    appendSum(bytes);
  } else {
    bytes.assign(rest, restSize);
  }
  const ofex::rl::ReplayShape shape{16, 3, 2};
  std::istringstream in(bytes);
  std::uint64_t digest = 0;
  try {
    ofex::rl::ReplayBuffer buffer =
        ofex::rl::ReplayBuffer::load(in, &digest, &shape);
    std::ostringstream out;
    ofex::fuzz::require(buffer.save(out) == digest,
                        "a loaded buffer saves with the digest it loaded with");
    ofex::fuzz::require(out.str() == bytes,
                        "a loaded buffer saves back to its bytes");
  } catch (const std::runtime_error &) {
    // rejected with a reason: what a loader must do
  }
  return 0;
}
