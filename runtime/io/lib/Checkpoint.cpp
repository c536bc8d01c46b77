//===- Checkpoint.cpp - Named arrays, scalars and strings in one safe file ===//
#include "ofex/io/Checkpoint.h"

#include "ofex/io/ByteCodec.h"
#include "ofex/io/AtomicFile.h"
#include "ofex/io/Checksum.h"

#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace ofex::io {
namespace {

constexpr std::size_t kHeaderSize = 32;

template <typename Map>
const typename Map::mapped_type &lookup(const Map &map, const std::string &name,
                                        const char *kind) {
  auto it = map.find(name);
  if (it == map.end())
    throw std::runtime_error(std::string("checkpoint has no ") + kind + " '" +
                             name + "'");
  return it->second;
}

std::string hex64(std::uint64_t v) {
  char buf[19];
  std::snprintf(buf, sizeof(buf), "0x%016" PRIx64, v);
  return buf;
}

std::string encodePayload(const Checkpoint &c) {
  std::string out;
  detail::ByteWriter w(out);
  w.putString(c.fingerprint());
  w.put<std::uint64_t>(c.allFloats().size());
  for (const auto &[name, values] : c.allFloats()) {
    w.putString(name);
    w.put<std::uint64_t>(values.size());
    w.putBytes(values.data(), values.size() * sizeof(float));
  }
  w.put<std::uint64_t>(c.allInts().size());
  for (const auto &[name, value] : c.allInts()) {
    w.putString(name);
    w.put<std::int64_t>(value);
  }
  w.put<std::uint64_t>(c.allUInts().size());
  for (const auto &[name, value] : c.allUInts()) {
    w.putString(name);
    w.put<std::uint64_t>(value);
  }
  w.put<std::uint64_t>(c.allStrings().size());
  for (const auto &[name, value] : c.allStrings()) {
    w.putString(name);
    w.putString(value);
  }
  return out;
}

/// Names of one section, which encodePayload writes in strictly increasing
/// order: a repeated or unordered name marks a payload ofex did not write.
class NameOrder {
public:
  explicit NameOrder(const char *section) : section_(section) {}
  const std::string &check(const std::string &name) {
    if (!first_ && !(last_ < name))
      throw std::runtime_error(std::string("malformed payload: ") + section_ +
                               " '" + name + "' repeated or out of order");
    first_ = false;
    last_ = name;
    return last_;
  }

private:
  const char *section_;
  bool first_ = true;
  std::string last_;
};

Checkpoint decodePayload(const char *data, std::size_t size) {
  detail::ByteReader r(data, size, "malformed payload:");
  Checkpoint c;
  c.setFingerprint(r.getString());
  NameOrder floatNames("float array"), intNames("int64"), uintNames("uint64"),
      stringNames("string");
  for (auto n = r.get<std::uint64_t>(); n > 0; --n) {
    const std::string &name = floatNames.check(r.getString());
    auto count = r.get<std::uint64_t>();
    if (count > r.remaining() / sizeof(float))
      throw std::runtime_error("malformed payload: float array '" + name +
                               "' runs past the end");
    std::vector<float> values(static_cast<std::size_t>(count));
    const char *bytes = r.take(values.size() * sizeof(float));
    if (!values.empty()) // memcpy of an empty vector's null data() is UB
      std::memcpy(values.data(), bytes, values.size() * sizeof(float));
    c.setFloats(name, std::move(values));
  }
  for (auto n = r.get<std::uint64_t>(); n > 0; --n) {
    const std::string &name = intNames.check(r.getString());
    c.setInt(name, r.get<std::int64_t>());
  }
  for (auto n = r.get<std::uint64_t>(); n > 0; --n) {
    const std::string &name = uintNames.check(r.getString());
    c.setUInt(name, r.get<std::uint64_t>());
  }
  for (auto n = r.get<std::uint64_t>(); n > 0; --n) {
    const std::string &name = stringNames.check(r.getString());
    c.setString(name, r.getString());
  }
  if (r.remaining() != 0)
    throw std::runtime_error(
        "malformed payload: " + std::to_string(r.remaining()) +
        " unread bytes after the last section");
  return c;
}

} // namespace

Checkpoint decodeCheckpoint(std::string_view bytes,
                            const std::optional<std::string> &expected) {
  if (bytes.size() < kHeaderSize)
    throw std::runtime_error("truncated: " + std::to_string(bytes.size()) +
                             " bytes, shorter than the " +
                             std::to_string(kHeaderSize) + "-byte header");
  if (std::memcmp(bytes.data(), kCheckpointMagic, sizeof(kCheckpointMagic)))
    throw std::runtime_error("bad magic (not an ofex checkpoint)");
  detail::ByteReader h(bytes.data() + 8, kHeaderSize - 8, "header");
  auto version = h.get<std::uint32_t>();
  const auto reserved = h.get<std::uint32_t>();
  auto payload_size = h.get<std::uint64_t>();
  auto stored_sum = h.get<std::uint64_t>();
  if (version != kCheckpointVersion)
    throw std::runtime_error("unsupported format version " +
                             std::to_string(version) + " (this build reads " +
                             std::to_string(kCheckpointVersion) + ")");
  // Version 1 writes 0 there; anything else is a file of another writer.
  if (reserved != 0)
    throw std::runtime_error("reserved header field is " +
                             std::to_string(reserved) + ", not 0");
  std::size_t have = bytes.size() - kHeaderSize;
  if (payload_size > have)
    throw std::runtime_error(
        "truncated: header announces " + std::to_string(payload_size) +
        " payload bytes, file has " + std::to_string(have));
  if (payload_size < have)
    throw std::runtime_error(std::to_string(have - payload_size) +
                             " trailing bytes after the payload");
  const char *payload = bytes.data() + kHeaderSize;
  std::uint64_t sum = fnv1a64(payload, have);
  if (sum != stored_sum)
    throw std::runtime_error("checksum mismatch (stored " + hex64(stored_sum) +
                             ", computed " + hex64(sum) + ")");
  Checkpoint c = decodePayload(payload, have);
  if (expected && c.fingerprint() != *expected)
    throw std::runtime_error("foreign fingerprint '" + c.fingerprint() +
                             "' (expected '" + *expected + "')");
  return c;
}

void Checkpoint::setFingerprint(std::string fingerprint) {
  fingerprint_ = std::move(fingerprint);
}
void Checkpoint::setFloats(const std::string &name, std::vector<float> values) {
  floats_[name] = std::move(values);
}
void Checkpoint::setFloats(const std::string &name, const float *data,
                           std::size_t size) {
  if (!data && size > 0)
    throw std::invalid_argument("Checkpoint::setFloats: data for '" + name +
                                "' is null");
  floats_[name] = std::vector<float>(data, data + size);
}
void Checkpoint::setInt(const std::string &name, std::int64_t value) {
  ints_[name] = value;
}
void Checkpoint::setUInt(const std::string &name, std::uint64_t value) {
  uints_[name] = value;
}
void Checkpoint::setString(const std::string &name, std::string value) {
  strings_[name] = std::move(value);
}

bool Checkpoint::hasFloats(const std::string &name) const {
  return floats_.count(name) != 0;
}
bool Checkpoint::hasInt(const std::string &name) const {
  return ints_.count(name) != 0;
}
bool Checkpoint::hasUInt(const std::string &name) const {
  return uints_.count(name) != 0;
}
bool Checkpoint::hasString(const std::string &name) const {
  return strings_.count(name) != 0;
}

const std::vector<float> &Checkpoint::floats(const std::string &name) const {
  return lookup(floats_, name, "float array");
}
std::int64_t Checkpoint::getInt(const std::string &name) const {
  return lookup(ints_, name, "int64");
}
std::uint64_t Checkpoint::getUInt(const std::string &name) const {
  return lookup(uints_, name, "uint64");
}
const std::string &Checkpoint::getString(const std::string &name) const {
  return lookup(strings_, name, "string");
}

std::string encodeCheckpoint(const Checkpoint &checkpoint) {
  std::string payload = encodePayload(checkpoint);
  std::string bytes;
  detail::ByteWriter w(bytes);
  w.putBytes(kCheckpointMagic, sizeof(kCheckpointMagic));
  w.put<std::uint32_t>(kCheckpointVersion);
  w.put<std::uint32_t>(0);
  w.put<std::uint64_t>(payload.size());
  w.put<std::uint64_t>(fnv1a64(payload.data(), payload.size()));
  bytes += payload;
  return bytes;
}

void saveCheckpoint(const std::string &path, const Checkpoint &checkpoint) {
  const std::string bytes = encodeCheckpoint(checkpoint);
  try {
    AtomicFileWriter file(path);
    file.stream().write(bytes.data(),
                        static_cast<std::streamsize>(bytes.size()));
    file.commit();
  } catch (const std::runtime_error &e) {
    throw std::runtime_error("checkpoint '" + path +
                             "': save failed: " + e.what());
  }
}

Checkpoint
loadCheckpoint(const std::string &path,
               const std::optional<std::string> &expected_fingerprint) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) &&
      !std::filesystem::is_regular_file(path, ec))
    throw std::runtime_error("checkpoint '" + path + "': not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("checkpoint '" + path + "': cannot open");
  std::string bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
  } catch (const std::exception &) { // libstdc++ throws for some read errors
    throw std::runtime_error("checkpoint '" + path + "': read error");
  }
  if (in.bad())
    throw std::runtime_error("checkpoint '" + path + "': read error");
  try {
    return decodeCheckpoint(bytes, expected_fingerprint);
  } catch (const std::runtime_error &e) {
    throw std::runtime_error("checkpoint '" + path + "': " + e.what());
  }
}

} // namespace ofex::io
