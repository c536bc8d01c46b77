//===- ReplayBuffer.cpp - Fixed-capacity ring of transitions
//---------------===//
#include "ofex/rl/ReplayBuffer.h"

#include "ofex/io/ByteCodec.h" // little-endian check
#include "Check.h"
#include "ofex/io/Checksum.h"
#include "ofex/rl/RngState.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

namespace ofex::rl {
namespace {

constexpr char kMagic[8] = {'O', 'F', 'E', 'X', 'R', 'P', 'L', 'B'};
constexpr std::uint32_t kVersion = 1;

std::runtime_error streamError(const std::string &why) {
  return std::runtime_error("replay buffer stream: " + why);
}

/// Writes bytes to the stream and into the running checksum.
class HashingWriter {
public:
  explicit HashingWriter(std::ostream &out) : out_(out) {}
  void write(const void *data, std::size_t size) {
    out_.write(static_cast<const char *>(data),
               static_cast<std::streamsize>(size));
    hash_.update(data, size);
  }
  template <typename T> void put(T v) { write(&v, sizeof(T)); }
  std::uint64_t digest() const { return hash_.digest(); }

private:
  std::ostream &out_;
  io::Fnv1a64 hash_;
};

/// Reads exactly `size` bytes (or throws "truncated") and hashes them.
class HashingReader {
public:
  explicit HashingReader(std::istream &in) : in_(in) {}
  void read(void *data, std::size_t size, const char *what) {
    in_.read(static_cast<char *>(data), static_cast<std::streamsize>(size));
    if (static_cast<std::size_t>(in_.gcount()) != size)
      throw streamError(std::string("truncated in ") + what);
    hash_.update(data, size);
  }
  template <typename T> T get(const char *what) {
    T v;
    read(&v, sizeof(T), what);
    return v;
  }
  std::uint64_t digest() const { return hash_.digest(); }

private:
  std::istream &in_;
  io::Fnv1a64 hash_;
};

void checkBatch(const TransitionBatch &out, const char *fn) {
  detail::requirePtr(out.obs, fn, "out.obs");
  detail::requirePtr(out.act, fn, "out.act");
  detail::requirePtr(out.reward, fn, "out.reward");
  detail::requirePtr(out.next_obs, fn, "out.next_obs");
  detail::requirePtr(out.terminated, fn, "out.terminated");
}

} // namespace

ReplayBuffer::ReplayBuffer(std::size_t capacity, std::size_t obs_dim,
                           std::size_t act_dim)
    : capacity_(capacity), obs_dim_(obs_dim), act_dim_(act_dim) {
  detail::require(capacity > 0 && obs_dim > 0 && act_dim > 0, "ReplayBuffer",
                  "capacity, obs_dim and act_dim must be > 0 (got " +
                      std::to_string(capacity) + ", " +
                      std::to_string(obs_dim) + ", " + std::to_string(act_dim) +
                      ")");
  // Per slot: obs and next_obs, act, reward and terminated. Each factor is
  // bounded first, so the product cannot wrap.
  detail::require(
      capacity <= kMaxReplayFloats && obs_dim <= kMaxReplayFloats &&
          act_dim <= kMaxReplayFloats &&
          capacity * (2 * obs_dim + act_dim + 2) <= kMaxReplayFloats,
      "ReplayBuffer",
      std::to_string(capacity) + " transitions of " + std::to_string(obs_dim) +
          " + " + std::to_string(act_dim) + " floats exceed the bound of " +
          std::to_string(kMaxReplayFloats) + " floats");
  obs_.resize(capacity * obs_dim);
  act_.resize(capacity * act_dim);
  reward_.resize(capacity);
  next_obs_.resize(capacity * obs_dim);
  terminated_.resize(capacity);
}

void ReplayBuffer::add(const float *obs, const float *act, float reward,
                       const float *next_obs, bool terminated) {
  const char *fn = "ReplayBuffer::add";
  detail::requirePtr(obs, fn, "obs");
  detail::requirePtr(act, fn, "act");
  detail::requirePtr(next_obs, fn, "next_obs");
  std::copy(obs, obs + obs_dim_, obs_.begin() + next_ * obs_dim_);
  std::copy(act, act + act_dim_, act_.begin() + next_ * act_dim_);
  reward_[next_] = reward;
  std::copy(next_obs, next_obs + obs_dim_,
            next_obs_.begin() + next_ * obs_dim_);
  terminated_[next_] = terminated ? 1.0f : 0.0f;
  next_ = (next_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
  ++added_;
}

void ReplayBuffer::copySlot(std::size_t slot, std::size_t row,
                            const TransitionBatch &out) const {
  std::copy_n(obs_.begin() + slot * obs_dim_, obs_dim_,
              out.obs + row * obs_dim_);
  std::copy_n(act_.begin() + slot * act_dim_, act_dim_,
              out.act + row * act_dim_);
  out.reward[row] = reward_[slot];
  std::copy_n(next_obs_.begin() + slot * obs_dim_, obs_dim_,
              out.next_obs + row * obs_dim_);
  out.terminated[row] = terminated_[slot];
}

void ReplayBuffer::sample(std::size_t batch, std::mt19937_64 &rng,
                          const TransitionBatch &out) const {
  const char *fn = "ReplayBuffer::sample";
  if (size_ == 0)
    throw std::logic_error("ReplayBuffer::sample: the buffer is empty");
  checkBatch(out, fn);
  // While not full, slots [0, size) hold data; once full, all slots do.
  for (std::size_t row = 0; row < batch; ++row)
    copySlot(static_cast<std::size_t>(uniformIndex(rng, size_)), row, out);
}

void ReplayBuffer::get(std::size_t index, const TransitionBatch &out) const {
  const char *fn = "ReplayBuffer::get";
  detail::require(index < size_, fn,
                  "index " + std::to_string(index) + " >= size " +
                      std::to_string(size_));
  checkBatch(out, fn);
  std::size_t oldest = (next_ + capacity_ - size_) % capacity_;
  copySlot((oldest + index) % capacity_, 0, out);
}

std::uint64_t ReplayBuffer::save(std::ostream &out) const {
  HashingWriter w(out);
  w.write(kMagic, sizeof(kMagic));
  w.put<std::uint32_t>(kVersion);
  w.put<std::uint32_t>(0);
  for (std::uint64_t v : {std::uint64_t(capacity_), std::uint64_t(obs_dim_),
                          std::uint64_t(act_dim_), std::uint64_t(size_),
                          std::uint64_t(next_), added_})
    w.put<std::uint64_t>(v);
  w.put<std::uint64_t>(w.digest());
  w.write(obs_.data(), size_ * obs_dim_ * sizeof(float));
  w.write(act_.data(), size_ * act_dim_ * sizeof(float));
  w.write(reward_.data(), size_ * sizeof(float));
  w.write(next_obs_.data(), size_ * obs_dim_ * sizeof(float));
  w.write(terminated_.data(), size_ * sizeof(float));
  const std::uint64_t digest = w.digest();
  w.put<std::uint64_t>(digest);
  if (!out)
    throw streamError("write failed");
  return digest;
}

ReplayBuffer ReplayBuffer::load(std::istream &in, std::uint64_t *digest,
                                const ReplayShape *expected) {
  HashingReader r(in);
  char magic[8];
  r.read(magic, sizeof(magic), "magic");
  if (std::memcmp(magic, kMagic, sizeof(kMagic)) != 0)
    throw streamError("bad magic (not an ofex replay buffer)");
  auto version = r.get<std::uint32_t>("header");
  if (version != kVersion)
    throw streamError("unsupported format version " + std::to_string(version) +
                      " (this build reads " + std::to_string(kVersion) + ")");
  const auto reserved = r.get<std::uint32_t>("header");
  std::uint64_t f[6];
  for (auto &v : f)
    v = r.get<std::uint64_t>("header");
  std::uint64_t header_sum = r.digest();
  if (r.get<std::uint64_t>("header") != header_sum)
    throw streamError("header checksum mismatch");
  // Version 1 writes 0 there; anything else is a stream of another writer.
  if (reserved != 0)
    throw streamError("reserved header field is " + std::to_string(reserved) +
                      ", not 0");
  auto [capacity, obs_dim, act_dim, size, next, added] = f;
  bool full = size == capacity;
  if (capacity == 0 || obs_dim == 0 || act_dim == 0 || size > capacity ||
      next >= capacity || (!full && next != size) || added < size)
    throw streamError("inconsistent header");
  if (expected &&
      (capacity != expected->capacity || obs_dim != expected->obs_dim ||
       act_dim != expected->act_dim))
    throw streamError("holds " + std::to_string(capacity) + " transitions of " +
                      std::to_string(obs_dim) + " + " +
                      std::to_string(act_dim) + " floats, expected " +
                      std::to_string(expected->capacity) + " of " +
                      std::to_string(expected->obs_dim) + " + " +
                      std::to_string(expected->act_dim));
  std::optional<ReplayBuffer> made;
  try {
    made.emplace(capacity, obs_dim, act_dim);
  } catch (const std::invalid_argument &e) {
    throw streamError(e.what());
  }
  ReplayBuffer &b = *made;
  b.size_ = size;
  b.next_ = next;
  b.added_ = added;
  r.read(b.obs_.data(), size * obs_dim * sizeof(float), "obs");
  r.read(b.act_.data(), size * act_dim * sizeof(float), "act");
  r.read(b.reward_.data(), size * sizeof(float), "reward");
  r.read(b.next_obs_.data(), size * obs_dim * sizeof(float), "next_obs");
  r.read(b.terminated_.data(), size * sizeof(float), "terminated");
  std::uint64_t sum = r.digest();
  if (r.get<std::uint64_t>("checksum") != sum)
    throw streamError("checksum mismatch");
  if (in.peek() != std::char_traits<char>::eof())
    throw streamError("bytes after the checksum");
  if (digest)
    *digest = sum;
  return std::move(b);
}

} // namespace ofex::rl
