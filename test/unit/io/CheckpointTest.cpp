//===- CheckpointTest.cpp - Checkpoint file round trip and refusals
//--------===//
#include "ofex/io/Checkpoint.h"
#include "TestUtil.h"
#include "ofex/io/AtomicFile.h"
#include "ofex/io/Checksum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>

using namespace ofex::io;
using ofex::io::test::readFile;
using ofex::io::test::ScratchDir;
using ofex::io::test::writeFile;

namespace {

Checkpoint sample() {
  Checkpoint c;
  c.setFingerprint("model:abc123");
  c.setFloats("policy.w0", {1.0f, -2.5f, std::numeric_limits<float>::min(),
                            std::numeric_limits<float>::infinity(), -0.0f});
  c.setFloats("empty", std::vector<float>{});
  c.setInt("step", -42);
  c.setInt("big", std::numeric_limits<std::int64_t>::min());
  c.setUInt("seed", 0xfedcba9876543210ull);
  c.setString("config", "env=Hopper\ngamma=0.99");
  c.setString("rng", "5489 17 2718281828");
  return c;
}

/// Expects loadCheckpoint to fail with a message naming `path` and `why`.
void expectRefusal(const std::string &path, const std::string &why,
                   const std::optional<std::string> &fp = {}) {
  std::string before = readFile(path);
  try {
    loadCheckpoint(path, fp);
    ADD_FAILURE() << "accepted a checkpoint with " << why;
  } catch (const std::runtime_error &e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(why), std::string::npos) << msg;
  }
  EXPECT_EQ(readFile(path), before) << "a failed read modified the file";
}

} // namespace

TEST(Checkpoint, RoundTripIsBitIdentical) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  Checkpoint c = sample();
  saveCheckpoint(path, c);
  Checkpoint d = loadCheckpoint(path, std::string("model:abc123"));
  EXPECT_EQ(d.fingerprint(), c.fingerprint());
  EXPECT_EQ(d.allInts(), c.allInts());
  EXPECT_EQ(d.allUInts(), c.allUInts());
  EXPECT_EQ(d.allStrings(), c.allStrings());
  ASSERT_EQ(d.allFloats().size(), c.allFloats().size());
  for (const auto &[name, v] : c.allFloats()) {
    const auto &w = d.floats(name);
    ASSERT_EQ(w.size(), v.size());
    EXPECT_TRUE(std::equal(w.begin(), w.end(), v.begin(), [](float a, float b) {
      return std::memcmp(&a, &b, sizeof a) == 0; // bit for bit, NaN included
    })) << name;
  }
  std::string again = dir.file("again.bin");
  saveCheckpoint(again, d);
  EXPECT_EQ(readFile(again), readFile(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_THROW(d.getInt("missing"), std::runtime_error);
}

// decodeCheckpoint is loadCheckpoint without the file: a decoded checkpoint
// encodes back to the same bytes, because the encoder writes each section in
// name order and the decoder refuses anything else (a repeated name would
// otherwise be "the last one wins").
TEST(Checkpoint, DecodeIsTheInverseOfEncode) {
  const std::string bytes = encodeCheckpoint(sample());
  EXPECT_EQ(encodeCheckpoint(decodeCheckpoint(bytes)), bytes);

  Checkpoint one;
  one.setInt("a", 1);
  one.setInt("b", 2);
  std::string swapped = encodeCheckpoint(one);
  // The int section holds "a" then "b", each u64 length 1 + name + i64;
  // renaming "b" to "a" repeats a name, and the checksum is fixed up so
  // that only the order check can refuse it.
  const std::size_t at = swapped.rfind('b');
  ASSERT_NE(at, std::string::npos);
  swapped[at] = 'a';
  const std::uint64_t sum = fnv1a64(swapped.data() + 32, swapped.size() - 32);
  std::memcpy(&swapped[24], &sum, sizeof(sum));
  try {
    decodeCheckpoint(swapped);
    ADD_FAILURE() << "a repeated int64 name was accepted";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(),
                 "malformed payload: int64 'a' repeated or out of order");
  }
}

TEST(Checkpoint, FlippedByteIsAChecksumMismatch) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  saveCheckpoint(path, sample());
  std::string bytes = readFile(path);
  bytes[bytes.size() / 2] ^= 0x10;
  writeFile(path, bytes);
  expectRefusal(path, "checksum mismatch");
}

TEST(Checkpoint, TruncationIsRefused) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  saveCheckpoint(path, sample());
  std::string bytes = readFile(path);
  writeFile(path, bytes.substr(0, bytes.size() - 1));
  expectRefusal(path, "truncated");
  writeFile(path, bytes.substr(0, 10));
  expectRefusal(path, "truncated");
  writeFile(path, "");
  expectRefusal(path, "truncated");
}

TEST(Checkpoint, WrongMagicAndVersionAreRefused) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  saveCheckpoint(path, sample());
  std::string bytes = readFile(path);
  std::string magic = bytes;
  magic[3] = 'Y';
  writeFile(path, magic);
  expectRefusal(path, "bad magic");
  std::string version = bytes;
  version[8] = 9;
  writeFile(path, version);
  expectRefusal(path, "unsupported format version 9");
}

TEST(Checkpoint, ForeignFingerprintIsRefused) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  saveCheckpoint(path, sample());
  expectRefusal(path, "foreign fingerprint", std::string("model:other"));
  EXPECT_NO_THROW(loadCheckpoint(path)); // no expectation: accepted
}

TEST(Checkpoint, MissingFileIsRefused) {
  ScratchDir dir;
  EXPECT_THROW(loadCheckpoint(dir.file("none.bin")), std::runtime_error);
}

TEST(Checkpoint, FailedWriteKeepsTheGoodCheckpoint) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  saveCheckpoint(path, sample());
  std::string good = readFile(path);
  // The tmp path cannot be created (it is a directory, which even root
  // cannot open for writing): the save fails and the old file stays.
  std::filesystem::create_directory(path + ".tmp");
  Checkpoint other;
  other.setFingerprint("model:new");
  EXPECT_THROW(saveCheckpoint(path, other), std::runtime_error);
  EXPECT_EQ(readFile(path), good);
  std::filesystem::remove(path + ".tmp");
  // A directory that does not exist: the error names the file.
  std::string lost = dir.file("no/such/dir/ckpt.bin");
  try {
    saveCheckpoint(lost, other);
    ADD_FAILURE() << "saved into a missing directory";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(lost), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(loadCheckpoint(path, std::string("model:abc123")));
}

TEST(AtomicFileWriter, AbandonedWriteLeavesTheTargetAlone) {
  ScratchDir dir;
  std::string path = dir.file("data.bin");
  writeFile(path, "old content");
  {
    AtomicFileWriter w(path);
    w.stream() << "half of the new con";
    w.stream().flush();
    EXPECT_TRUE(std::filesystem::exists(w.tmpPath()));
    EXPECT_EQ(readFile(path), "old content"); // not yet published
  } // destroyed without commit(), as when an exception unwinds
  EXPECT_EQ(readFile(path), "old content");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  {
    AtomicFileWriter w(path);
    w.stream() << "new content";
    w.commit();
  }
  EXPECT_EQ(readFile(path), "new content");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}
