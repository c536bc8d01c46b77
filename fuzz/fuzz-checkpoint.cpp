//===- fuzz-checkpoint.cpp - The checkpoint decoder on hostile bytes ------===//
//
// Input byte 0 chooses how the rest is read: odd, as a payload that gets a
// valid header and checksum (so mutations reach the payload decoder instead
// of stopping at the checksum, as a forged file would); even, as a whole
// file. Whatever decodes must encode back to the same bytes.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ofex/io/Checkpoint.h"
#include "ofex/io/Checksum.h"

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
    const std::uint32_t version = ofex::io::kCheckpointVersion, reserved = 0;
    const std::uint64_t payload = size - 1;
    const std::uint64_t sum = ofex::io::fnv1a64(rest, size - 1);
    bytes.append(ofex::io::kCheckpointMagic, 8);
    bytes.append(reinterpret_cast<const char *>(&version), 4);
    bytes.append(reinterpret_cast<const char *>(&reserved), 4);
    bytes.append(reinterpret_cast<const char *>(&payload), 8);
    bytes.append(reinterpret_cast<const char *>(&sum), 8);
  }
  bytes.append(rest, size - 1);
  ofex::io::Checkpoint checkpoint;
  try {
    checkpoint = ofex::io::decodeCheckpoint(bytes);
  } catch (const std::runtime_error &) {
    return 0; // rejected with a reason: what a loader must do
  }
  ofex::fuzz::require(ofex::io::encodeCheckpoint(checkpoint) == bytes,
                      "a decoded checkpoint encodes back to its bytes");
  return 0;
}
