//===- VecTaskTest.cpp - Vectorized stepping equals one-by-one stepping ---===//
#include "ofex/envs/VecTask.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

namespace ofex::envs::test {
namespace {

void expectSameResult(const StepResult &a, const StepResult &b) {
  ASSERT_EQ(a.obs.size(), b.obs.size());
  EXPECT_EQ(
      std::memcmp(a.obs.data(), b.obs.data(), a.obs.size() * sizeof(double)),
      0);
  EXPECT_EQ(a.reward, b.reward);
  EXPECT_EQ(a.terminated, b.terminated);
  EXPECT_EQ(a.truncated, b.truncated);
  EXPECT_EQ(a.clipped, b.clipped);
}

TEST(VecTask, MatchesSteppingInstancesOneByOne) {
  for (unsigned threads : {1u, 2u, 3u}) {
    SCOPED_TRACE(threads);
    const std::size_t n = 5;
    VecTask vec("Hopper", n, {}, threads);
    std::vector<std::unique_ptr<Task>> single;
    std::vector<std::uint64_t> seeds;
    for (std::size_t i = 0; i < n; ++i) {
      single.push_back(makeTask("Hopper"));
      seeds.push_back(100 + i);
    }
    std::vector<std::vector<double>> obs = vec.reset(seeds);
    for (std::size_t i = 0; i < n; ++i)
      EXPECT_EQ(obs[i], single[i]->reset(seeds[i]));

    // Instance-specific actions, some out of the box; run until some
    // instances have ended so the not-stepped path is exercised too.
    int ended_seen = 0;
    for (int step = 0; step < 300; ++step) {
      std::vector<float> actions(n * 3);
      for (std::size_t k = 0; k < actions.size(); ++k)
        actions[k] =
            static_cast<float>(((step * 7 + k * 13) % 23) / 10.0 - 1.1);
      std::vector<StepResult> results = vec.step(actions);
      ASSERT_EQ(results.size(), n);
      for (std::size_t i = 0; i < n; ++i) {
        if (single[i]->running()) {
          expectSameResult(results[i],
                           single[i]->step(actions.data() + 3 * i, 3));
        } else {
          ++ended_seen;
          EXPECT_EQ(results[i].reward, 0.0);
          EXPECT_TRUE(results[i].terminated || results[i].truncated);
          EXPECT_EQ(results[i].obs, single[i]->observation());
        }
      }
    }
    EXPECT_GT(ended_seen, 0);
  }
}

TEST(VecTask, BadActionsMoveNoInstance) {
  VecTask vec("InvertedPendulum", 3, {}, 2);
  vec.reset({1, 2, 3});
  std::vector<float> actions = {0.1f, 0.2f,
                                std::numeric_limits<float>::infinity()};
  try {
    vec.step(actions);
    FAIL() << "infinite action accepted";
  } catch (const std::invalid_argument &e) {
    EXPECT_NE(std::string(e.what()).find("instance 2"), std::string::npos)
        << e.what();
  }
  for (std::size_t i = 0; i < vec.size(); ++i)
    EXPECT_EQ(vec.at(i).elapsedSteps(), 0);
  EXPECT_THROW(vec.step(std::vector<float>(2, 0.0f)), std::invalid_argument);
}

TEST(VecTask, StepBeforeResetIsRefused) {
  VecTask vec("InvertedPendulum", 4, {}, 2);
  EXPECT_THROW(vec.step(std::vector<float>(4, 0.0f)), std::logic_error);
  vec.reset({0, 1, 2, 3});
  EXPECT_EQ(vec.step(std::vector<float>(4, 0.0f)).size(), 4u);
}

} // namespace
} // namespace ofex::envs::test
