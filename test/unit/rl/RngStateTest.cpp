//===- RngStateTest.cpp - RNG states through a checkpoint -----------------===//
#include "ofex/rl/RngState.h"
#include "TestUtil.h"
#include "ofex/io/Checkpoint.h"

#include <gtest/gtest.h>

#include <random>

using namespace ofex::rl;
using ofex::io::Checkpoint;
using ofex::io::loadCheckpoint;
using ofex::io::saveCheckpoint;
using ofex::rl::test::ScratchDir;

TEST(Checkpoint, RngStateSurvivesTheRoundTrip) {
  ScratchDir dir;
  std::string path = dir.file("ckpt.bin");
  std::mt19937_64 rng(77);
  rng.discard(1000);
  Checkpoint c;
  c.setString("rng", rngToString(rng));
  saveCheckpoint(path, c);
  std::mt19937_64 restored;
  rngFromString(loadCheckpoint(path).getString("rng"), restored);
  EXPECT_EQ(restored, rng);
  EXPECT_EQ(restored(), rng());
  EXPECT_THROW(rngFromString("1 2 3", restored), std::invalid_argument);
}
