//===- fuzz-checkpoint.cpp - The checkpoint decoder on hostile bytes ------===//
//
// Input byte 0 chooses how the rest is read: odd, as a payload that gets a
// valid header and checksum (so mutations reach the payload decoder instead
// of stopping at the checksum, as a forged file would); even, as a whole
// file. Whatever decodes must encode back to the same bytes.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ofex/rl/Checkpoint.h"
#include "ofex/rl/Checksum.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const char *rest = reinterpret_cast<const char *>(data) + 1;
  std::string bytes;
  if (data[0] & 1) {
    const std::uint32_t version = ofex::rl::kCheckpointVersion, reserved = 0;
    const std::uint64_t payload = size - 1;
    const std::uint64_t sum = ofex::rl::fnv1a64(rest, size - 1);
    bytes.append(ofex::rl::kCheckpointMagic, 8);
    bytes.append(reinterpret_cast<const char *>(&version), 4);
    bytes.append(reinterpret_cast<const char *>(&reserved), 4);
    bytes.append(reinterpret_cast<const char *>(&payload), 8);
    bytes.append(reinterpret_cast<const char *>(&sum), 8);
  }
  bytes.append(rest, size - 1);
  ofex::rl::Checkpoint checkpoint;
  try {
    checkpoint = ofex::rl::decodeCheckpoint(bytes);
  } catch (const std::runtime_error &) {
    return 0; // rejected with a reason: what a loader must do
  }
  ofex::fuzz::require(ofex::rl::encodeCheckpoint(checkpoint) == bytes,
                      "a decoded checkpoint encodes back to its bytes");
  return 0;
}
