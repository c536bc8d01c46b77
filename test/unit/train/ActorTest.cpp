//===- ActorTest.cpp - the actor's part of a checkpoint -------------------===//
//
// An actor restored from another's checkpoint entries steps on exactly as
// the original does: the same transitions into the replay buffer, the same
// episode boundaries and returns (a resumed run depends on it).
//
//===----------------------------------------------------------------------===//

#include "ofex/train/Actor.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ofex;
using namespace ofex::train;

namespace {

/// Steps `actor` randomly `n` times into `replay`, starting new episodes as
/// they end; returns the returns of the episodes that ended.
std::vector<double> stepRandomly(Actor &actor, rl::ReplayBuffer &replay,
                                 int n) {
  std::vector<double> returns;
  for (int i = 0; i < n; ++i)
    if (actor.step(/*agent=*/nullptr, replay)) {
      returns.push_back(actor.episodeReturn());
      actor.nextEpisode();
    }
  return returns;
}

std::string bufferBytes(const rl::ReplayBuffer &replay) {
  std::ostringstream out;
  replay.save(out);
  return out.str();
}

TEST(Actor, RestoredActorStepsOnBitForBit) {
  // Hopper's episodes end early under random actions: the steps after the
  // checkpoint cross episode boundaries.
  Actor original("Hopper", 7);
  original.beginEpisode();
  rl::ReplayBuffer replay(1000, original.spec().obs_dim,
                          original.spec().act_dim);
  stepRandomly(original, replay, 37);
  io::Checkpoint ck;
  original.save(ck);

  Actor restored("Hopper", 7);
  restored.restore(ck, Restore::Resume);
  EXPECT_EQ(restored.episode(), original.episode());
  EXPECT_EQ(restored.episodeLength(), original.episodeLength());
  EXPECT_EQ(restored.episodeReturn(), original.episodeReturn());

  rl::ReplayBuffer a(1000, original.spec().obs_dim, original.spec().act_dim),
      b(1000, original.spec().obs_dim, original.spec().act_dim);
  const std::vector<double> returnsA = stepRandomly(original, a, 200),
                            returnsB = stepRandomly(restored, b, 200);
  ASSERT_FALSE(returnsA.empty());
  EXPECT_EQ(returnsA, returnsB);
  EXPECT_EQ(bufferBytes(a), bufferBytes(b));
  EXPECT_EQ(restored.episode(), original.episode());

  // A fresh actor of another seed does not (the test can tell).
  Actor other("Hopper", 8);
  other.beginEpisode();
  rl::ReplayBuffer c(1000, original.spec().obs_dim, original.spec().act_dim);
  stepRandomly(other, c, 200);
  EXPECT_NE(bufferBytes(a), bufferBytes(c));
}

} // namespace
