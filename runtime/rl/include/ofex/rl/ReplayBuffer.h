//===- ReplayBuffer.h - Fixed-capacity ring of transitions
//-----------------===//
//
// Stores (obs, act, reward, next_obs, terminated) in struct-of-arrays form.
// Once full, each add() overwrites the oldest transition. `terminated` is 1
// only for a true termination; a time-limit truncation is stored as 0.
//
// Stream format (little-endian), version 1: "OFEXRPLB" | u32 version | u32 0 |
// u64 capacity, obs_dim, act_dim, size, next, added | u64 FNV-1a-64 of the
// header so far (checked before allocating) | the first `size` slots of obs,
// act, reward, next_obs, terminated (f32) | u64 FNV-1a-64 of all before.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_REPLAYBUFFER_H
#define OFEX_RL_REPLAYBUFFER_H

#include <cstddef>
#include <cstdint>
#include <istream>
#include <ostream>
#include <random>
#include <vector>

namespace ofex::rl {

/// Caller-owned destination of ReplayBuffer::sample, each contiguous:
/// obs batch x obs_dim, act batch x act_dim, reward batch,
/// next_obs batch x obs_dim, terminated batch.
struct TransitionBatch {
  float *obs = nullptr;
  float *act = nullptr;
  float *reward = nullptr;
  float *next_obs = nullptr;
  float *terminated = nullptr;
};

/// What a buffer holds per slot and how many slots: a loader checks a
/// stream's header against it before allocating anything.
struct ReplayShape {
  std::size_t capacity = 0, obs_dim = 0, act_dim = 0;
};

/// Floats one buffer may hold in total (2^31: 8 GiB; Humanoid's 1M
/// transitions take 0.77 G), so that no header can ask for unbounded memory.
inline constexpr std::uint64_t kMaxReplayFloats = std::uint64_t(1) << 31;

class ReplayBuffer {
public:
  /// All three must be > 0 and the buffer within kMaxReplayFloats; throws
  /// std::invalid_argument otherwise.
  ReplayBuffer(std::size_t capacity, std::size_t obs_dim, std::size_t act_dim);

  /// Copies one transition in (obs_dim, act_dim, obs_dim floats).
  void add(const float *obs, const float *act, float reward,
           const float *next_obs, bool terminated);

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t obsDim() const { return obs_dim_; }
  std::size_t actDim() const { return act_dim_; }
  /// Total add() calls since construction (survives save/load).
  std::uint64_t added() const { return added_; }

  /// Draws `batch` indices uniformly with replacement from [0, size()) using
  /// rng (batch draws of uniformIndex, in row order) and copies them into
  /// `out`. Same rng state and contents -> same batch, on any standard
  /// library. Throws std::logic_error if the buffer is empty.
  void sample(std::size_t batch, std::mt19937_64 &rng,
              const TransitionBatch &out) const;

  /// Copies slot `index` (0 = oldest stored) into a one-row batch.
  void get(std::size_t index, const TransitionBatch &out) const;

  /// Writes the buffer and returns the stream's final checksum (FNV-1a-64 of
  /// every byte before it), which identifies this content: a checkpoint keeps
  /// it to know the buffer it belongs with.
  std::uint64_t save(std::ostream &out) const;
  /// Throws std::runtime_error "replay buffer stream: <reason>" for a bad
  /// magic, version, inconsistent header, truncation, checksum mismatch or
  /// bytes after the checksum, and (with `expected`) a shape other than
  /// `expected`, before allocating. With `digest`, stores the checksum there.
  static ReplayBuffer load(std::istream &in, std::uint64_t *digest = nullptr,
                           const ReplayShape *expected = nullptr);

private:
  void copySlot(std::size_t slot, std::size_t row,
                const TransitionBatch &out) const;

  std::size_t capacity_, obs_dim_, act_dim_;
  std::size_t size_ = 0;
  std::size_t next_ = 0; // slot the next add() writes
  std::uint64_t added_ = 0;
  std::vector<float> obs_, act_, reward_, next_obs_, terminated_;
};

} // namespace ofex::rl

#endif // OFEX_RL_REPLAYBUFFER_H
