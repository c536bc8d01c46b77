//===- DeterminismTest.cpp - Same seed and actions, same bits -------------===//
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

namespace ofex::envs::test {
namespace {

/// Observations and rewards of `steps` steps from reset(seed) under actions
/// drawn from `action_seed`, concatenated.
std::vector<double> trajectory(const std::string &name, std::uint64_t seed,
                               std::uint64_t action_seed, int steps) {
  auto task = makeTask(name);
  std::vector<double> out = task->reset(seed);
  std::mt19937_64 rng(action_seed);
  std::vector<float> action(static_cast<std::size_t>(task->spec().act_dim));
  for (int step = 0; step < steps && task->running(); ++step) {
    for (float &a : action)
      a = static_cast<float>(static_cast<double>(rng() >> 40) / (1 << 24) * 2 -
                             1) *
          static_cast<float>(task->spec().act_high[0]);
    StepResult r = task->step(action);
    out.insert(out.end(), r.obs.begin(), r.obs.end());
    out.push_back(r.reward);
  }
  return out;
}

bool bitIdentical(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(Determinism, SameSeedAndActionsAreBitIdentical) {
  for (const std::string &name : taskNames()) {
    SCOPED_TRACE(name);
    std::vector<double> a = trajectory(name, 42, 7, 100);
    std::vector<double> b = trajectory(name, 42, 7, 100);
    EXPECT_GT(a.size(), 0u);
    EXPECT_TRUE(bitIdentical(a, b));
  }
}

TEST(Determinism, DifferentSeedsDiffer) {
  for (const std::string &name : taskNames()) {
    SCOPED_TRACE(name);
    auto task = makeTask(name);
    std::vector<double> a = task->reset(1);
    std::vector<double> b = task->reset(2);
    EXPECT_FALSE(bitIdentical(a, b));
    EXPECT_FALSE(
        bitIdentical(trajectory(name, 1, 7, 20), trajectory(name, 2, 7, 20)));
  }
}

TEST(Determinism, ResetNoiseHasTheStatedScale) {
  // Hopper: qpos, qvel += U(-5e-3, 5e-3) around the initial pose at rest.
  auto task = makeTask("Hopper");
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    task->reset(seed);
    const mjModel *m = task->model();
    for (int i = 0; i < m->nq; ++i)
      EXPECT_LE(std::abs(task->data()->qpos[i] - m->qpos0[i]), 5e-3);
    for (int i = 0; i < m->nv; ++i)
      EXPECT_LE(std::abs(task->data()->qvel[i]), 5e-3);
  }
  // HalfCheetah: qpos += U(-0.1, 0.1); qvel += 0.1 * N(0, 1).
  auto cheetah = makeTask("HalfCheetah");
  double sum_sq = 0, max_pos = 0;
  int count = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    cheetah->reset(seed);
    const mjModel *m = cheetah->model();
    for (int i = 0; i < m->nq; ++i)
      max_pos =
          std::max(max_pos, std::abs(cheetah->data()->qpos[i] - m->qpos0[i]));
    for (int i = 0; i < m->nv; ++i, ++count)
      sum_sq += cheetah->data()->qvel[i] * cheetah->data()->qvel[i];
  }
  EXPECT_LE(max_pos, 0.1);
  EXPECT_GT(max_pos, 0.09);
  const double std_vel = std::sqrt(sum_sq / count);
  EXPECT_GT(std_vel, 0.08);
  EXPECT_LT(std_vel, 0.12);

  // A reset after an episode starts from the same state as a fresh task.
  auto fresh = makeTask("Hopper");
  task->reset(3);
  task->step(constantAction(*task, 0.5f));
  EXPECT_TRUE(bitIdentical(task->reset(9), fresh->reset(9)));
}

} // namespace
} // namespace ofex::envs::test
