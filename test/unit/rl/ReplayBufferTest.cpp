//===- ReplayBufferTest.cpp - Ring order, sampling, save/load
//--------------===//
#include "ofex/rl/ReplayBuffer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

using namespace ofex::rl;

namespace {

/// Transition k: obs = (k, k+0.5), act = (-k), reward k, next_obs = obs+1,
/// terminated when k % 3 == 0.
void addNumbered(ReplayBuffer &b, int k) {
  float obs[] = {float(k), float(k) + 0.5f}, act[] = {-float(k)};
  float next[] = {float(k) + 1.0f, float(k) + 1.5f};
  b.add(obs, act, float(k), next, k % 3 == 0);
}

struct Batch {
  explicit Batch(std::size_t n)
      : obs(2 * n), act(n), reward(n), next_obs(2 * n), terminated(n) {}
  TransitionBatch view() {
    return {obs.data(), act.data(), reward.data(), next_obs.data(),
            terminated.data()};
  }
  std::vector<float> obs, act, reward, next_obs, terminated;
};

std::string saved(const ReplayBuffer &b) {
  std::ostringstream out;
  b.save(out);
  return out.str();
}

} // namespace

TEST(ReplayBuffer, RingOverwritesTheOldest) {
  ReplayBuffer b(3, 2, 1);
  for (int k = 0; k < 5; ++k)
    addNumbered(b, k);
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(b.added(), 5u);
  Batch one(1);
  for (int i = 0; i < 3; ++i) {
    b.get(i, one.view());
    int k = i + 2; // 0 and 1 were overwritten
    EXPECT_EQ(one.obs[0], float(k));
    EXPECT_EQ(one.obs[1], float(k) + 0.5f);
    EXPECT_EQ(one.act[0], -float(k));
    EXPECT_EQ(one.reward[0], float(k));
    EXPECT_EQ(one.next_obs[0], float(k) + 1.0f);
    EXPECT_EQ(one.terminated[0], k % 3 == 0 ? 1.0f : 0.0f);
  }
  EXPECT_THROW(b.get(3, one.view()), std::invalid_argument);
}

TEST(ReplayBuffer, SamplesOnlyStoredTransitionsConsistently) {
  ReplayBuffer b(100, 2, 1);
  for (int k = 0; k < 7; ++k)
    addNumbered(b, k);
  std::mt19937_64 rng(3);
  Batch s(500);
  b.sample(500, rng, s.view());
  std::vector<int> seen(7, 0);
  for (std::size_t i = 0; i < 500; ++i) {
    int k = int(s.reward[i]);
    ASSERT_GE(k, 0);
    ASSERT_LT(k, 7);
    ++seen[k];
    EXPECT_EQ(s.obs[2 * i], float(k));
    EXPECT_EQ(s.next_obs[2 * i + 1], float(k) + 1.5f);
    EXPECT_EQ(s.act[i], -float(k));
    EXPECT_EQ(s.terminated[i], k % 3 == 0 ? 1.0f : 0.0f);
  }
  for (int k = 0; k < 7; ++k)
    EXPECT_GT(seen[k], 30) << "transition " << k << " under-sampled";
}

TEST(ReplayBuffer, SamplingIsDeterministicForEqualRngStates) {
  ReplayBuffer b(50, 2, 1);
  for (int k = 0; k < 80; ++k)
    addNumbered(b, k);
  std::mt19937_64 r1(42), r2(42);
  Batch s1(64), s2(64);
  b.sample(64, r1, s1.view());
  b.sample(64, r2, s2.view());
  EXPECT_EQ(s1.reward, s2.reward);
  EXPECT_EQ(s1.obs, s2.obs);
  EXPECT_EQ(r1, r2); // both engines advanced identically
  b.sample(64, r1, s1.view());
  EXPECT_NE(s1.reward, s2.reward); // and the next draw differs
}

TEST(ReplayBuffer, EmptyBufferRefusesToSample) {
  ReplayBuffer b(4, 2, 1);
  std::mt19937_64 rng(1);
  Batch s(1);
  EXPECT_THROW(b.sample(1, rng, s.view()), std::logic_error);
  EXPECT_THROW(ReplayBuffer(0, 2, 1), std::invalid_argument);
}

TEST(ReplayBuffer, SaveLoadRoundTripIsBitIdentical) {
  for (int n : {0, 4, 13}) { // empty, partly filled, wrapped
    ReplayBuffer b(10, 2, 1);
    for (int k = 0; k < n; ++k)
      addNumbered(b, k);
    std::string bytes = saved(b);
    std::istringstream in(bytes);
    ReplayBuffer c = ReplayBuffer::load(in);
    EXPECT_EQ(saved(c), bytes) << n << " transitions";
    EXPECT_EQ(c.size(), b.size());
    EXPECT_EQ(c.added(), b.added());
    if (n == 0)
      continue;
    std::mt19937_64 r1(9), r2(9);
    Batch s1(32), s2(32);
    b.sample(32, r1, s1.view());
    c.sample(32, r2, s2.view());
    EXPECT_EQ(s1.obs, s2.obs);
    EXPECT_EQ(s1.terminated, s2.terminated);
    // Both continue the ring in the same place.
    addNumbered(b, 100);
    addNumbered(c, 100);
    EXPECT_EQ(saved(b), saved(c));
  }
}

TEST(ReplayBuffer, LoadRefusesDamagedStreams) {
  ReplayBuffer b(10, 2, 1);
  for (int k = 0; k < 6; ++k)
    addNumbered(b, k);
  std::string bytes = saved(b);
  auto loadFails = [](std::string s, const char *why) {
    std::istringstream in(s);
    try {
      ReplayBuffer::load(in);
    } catch (const std::runtime_error &e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "load accepted a stream with " << why;
  };
  std::string flipped = bytes;
  flipped[bytes.size() - 20] ^= 0x01; // inside the data
  loadFails(flipped, "checksum mismatch");
  loadFails(bytes.substr(0, bytes.size() - 5), "truncated");
  std::string magic = bytes;
  magic[0] = 'X';
  loadFails(magic, "bad magic");
  std::string header = bytes;
  header[16] ^= 0x40; // capacity field
  loadFails(header, "header checksum mismatch");
  loadFails(bytes + "x", "bytes after the checksum");
}

// The digest save() returns is the one load() reports: what a checkpoint
// keeps to recognise its own buffer; another buffer with as many
// transitions has another digest.
TEST(ReplayBuffer, DigestIdentifiesTheContent) {
  ReplayBuffer a(10, 2, 1), b(10, 2, 1);
  for (int k = 0; k < 6; ++k) {
    addNumbered(a, k);
    addNumbered(b, k + 50);
  }
  std::ostringstream oa, ob;
  const std::uint64_t da = a.save(oa), db = b.save(ob);
  EXPECT_NE(da, db);
  std::istringstream in(oa.str());
  std::uint64_t loaded = 0;
  ReplayBuffer::load(in, &loaded);
  EXPECT_EQ(loaded, da);
}

// A header is checked against the shape the run expects before anything is
// allocated, and no shape may exceed kMaxReplayFloats: a forged header with
// a valid checksum cannot make a loader ask for unbounded memory.
TEST(ReplayBuffer, LoadChecksTheShapeBeforeAllocating) {
  ReplayBuffer b(10, 2, 1);
  addNumbered(b, 0);
  std::string bytes = saved(b);
  const ReplayShape same{10, 2, 1}, other{11, 2, 1};
  std::istringstream ok(bytes);
  EXPECT_EQ(ReplayBuffer::load(ok, nullptr, &same).size(), 1u);
  std::istringstream wrong(bytes);
  try {
    ReplayBuffer::load(wrong, nullptr, &other);
    ADD_FAILURE() << "a buffer of another shape was accepted";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "replay buffer stream: holds 10 transitions of 2 "
                           "+ 1 floats, expected 11 of 2 + 1");
  }
  EXPECT_THROW(ReplayBuffer(std::size_t(1) << 30, 17, 6),
               std::invalid_argument);
  // Factors whose product wraps around 2^64 to a small number.
  EXPECT_THROW(ReplayBuffer(std::size_t(1) << 62, 4, 1), std::invalid_argument);
}
