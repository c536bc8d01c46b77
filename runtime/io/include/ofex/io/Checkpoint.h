//===- Checkpoint.h - Named arrays, scalars and strings in one safe file --===//
//
// File layout (little-endian), format version 1:
//   header, 32 bytes: "OFEXCKPT" | u32 version | u32 0 | u64 payload bytes |
//                     u64 FNV-1a-64 of the payload
//   payload: fingerprint string, then float arrays, int64s, uint64s and
//            strings, each section a u64 count of (name, value) entries in
//            name order; a string is u64 length + bytes, an array u64 count +
//            f32 values.
// Writes are atomic (AtomicFileWriter); a reader validates everything before
// returning and never modifies the file.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_CHECKPOINT_H
#define OFEX_IO_CHECKPOINT_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ofex::io {

inline constexpr char kCheckpointMagic[8] = {'O', 'F', 'E', 'X',
                                             'C', 'K', 'P', 'T'};
inline constexpr std::uint32_t kCheckpointVersion = 1;

/// In-memory checkpoint content. Each kind (float array, int64, uint64,
/// string) has its own name space; setting a name again replaces it.
class Checkpoint {
public:
  /// Identifies the model (e.g. a hash of the compiled graphs and shapes).
  void setFingerprint(std::string fingerprint);
  const std::string &fingerprint() const { return fingerprint_; }

  void setFloats(const std::string &name, std::vector<float> values);
  void setFloats(const std::string &name, const float *data, std::size_t size);
  void setInt(const std::string &name, std::int64_t value);
  void setUInt(const std::string &name, std::uint64_t value);
  void setString(const std::string &name, std::string value);

  bool hasFloats(const std::string &name) const;
  bool hasInt(const std::string &name) const;
  bool hasUInt(const std::string &name) const;
  bool hasString(const std::string &name) const;

  /// Getters throw std::runtime_error naming a missing entry.
  const std::vector<float> &floats(const std::string &name) const;
  std::int64_t getInt(const std::string &name) const;
  std::uint64_t getUInt(const std::string &name) const;
  const std::string &getString(const std::string &name) const;

  const std::map<std::string, std::vector<float>> &allFloats() const {
    return floats_;
  }
  const std::map<std::string, std::int64_t> &allInts() const { return ints_; }
  const std::map<std::string, std::uint64_t> &allUInts() const {
    return uints_;
  }
  const std::map<std::string, std::string> &allStrings() const {
    return strings_;
  }

private:
  std::string fingerprint_;
  std::map<std::string, std::vector<float>> floats_;
  std::map<std::string, std::int64_t> ints_;
  std::map<std::string, std::uint64_t> uints_;
  std::map<std::string, std::string> strings_;
};

/// The checkpoint as file bytes (header and payload), as saveCheckpoint
/// writes them.
std::string encodeCheckpoint(const Checkpoint &checkpoint);

/// Decodes file bytes; throws std::runtime_error "<reason>" for everything
/// loadCheckpoint rejects (without the file name). Entries of each section
/// must be in strictly increasing name order, as encodeCheckpoint writes
/// them, so a decoded checkpoint encodes back to the same bytes.
Checkpoint
decodeCheckpoint(std::string_view bytes,
                 const std::optional<std::string> &expected_fingerprint = {});

/// Writes `checkpoint` to `path` atomically ("<path>.tmp", fsync, rename).
/// Throws std::runtime_error naming the file; `path` is then unchanged.
void saveCheckpoint(const std::string &path, const Checkpoint &checkpoint);

/// Reads and validates `path`. Throws std::runtime_error
/// "checkpoint '<path>': <reason>" for: cannot open, truncated, bad magic,
/// unsupported version, checksum mismatch, malformed payload, trailing bytes,
/// or (when `expected_fingerprint` is given) a foreign fingerprint.
Checkpoint
loadCheckpoint(const std::string &path,
               const std::optional<std::string> &expected_fingerprint = {});

} // namespace ofex::io

#endif // OFEX_IO_CHECKPOINT_H
