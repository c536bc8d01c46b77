//===- SpecTest.cpp - Dimensions, dt and action boxes match the table -----===//
#include "TestUtil.h"

#include <gtest/gtest.h>

namespace ofex::envs::test {
namespace {

struct Expected {
  const char *name;
  int obs_dim, act_dim, frame_skip;
  double timestep, bound;
};

// From the task facts table (Gymnasium v4 semantics).
const Expected kTable[] = {
    {"HalfCheetah", 17, 6, 5, 0.01, 1.0},
    {"Hopper", 11, 3, 4, 0.002, 1.0},
    {"Walker2d", 17, 6, 4, 0.002, 1.0},
    {"Ant", 27, 8, 5, 0.01, 1.0},
    {"Humanoid", 376, 17, 5, 0.003, 0.4},
    {"InvertedPendulum", 4, 1, 2, 0.02, 3.0},
};

TEST(Spec, EveryTaskMatchesTheTable) {
  for (const Expected &e : kTable) {
    SCOPED_TRACE(e.name);
    auto task = makeTask(e.name);
    const TaskSpec &spec = task->spec();
    EXPECT_EQ(spec.name, e.name);
    EXPECT_EQ(spec.obs_dim, e.obs_dim);
    EXPECT_EQ(spec.act_dim, e.act_dim);
    EXPECT_EQ(spec.frame_skip, e.frame_skip);
    EXPECT_DOUBLE_EQ(task->model()->opt.timestep, e.timestep);
    EXPECT_DOUBLE_EQ(spec.dt, e.timestep * e.frame_skip);
    EXPECT_EQ(spec.max_episode_steps, 1000);
    ASSERT_EQ(spec.act_low.size(), static_cast<std::size_t>(e.act_dim));
    ASSERT_EQ(spec.act_high.size(), static_cast<std::size_t>(e.act_dim));
    for (int i = 0; i < e.act_dim; ++i) {
      EXPECT_EQ(spec.act_low[i], -e.bound);
      EXPECT_EQ(spec.act_high[i], e.bound);
    }
    EXPECT_EQ(task->reset(0).size(), static_cast<std::size_t>(e.obs_dim));
  }
}

TEST(Spec, ModelFactsOfTheTable) {
  auto cheetah = makeTask("HalfCheetah");
  double mass = 0;
  for (int b = 0; b < cheetah->model()->nbody; ++b)
    mass += cheetah->model()->body_mass[b];
  EXPECT_NEAR(mass, 14.0, 1e-9);
  const double cheetah_gears[] = {120, 90, 60, 120, 60, 30};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(cheetah->model()->actuator_gear[6 * i], cheetah_gears[i]);

  auto hopper = makeTask("Hopper");
  EXPECT_EQ(hopper->model()->opt.integrator, mjINT_RK4);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(hopper->model()->actuator_gear[6 * i], 200);

  auto humanoid = makeTask("Humanoid");
  EXPECT_EQ(humanoid->model()->nq, 24);
  EXPECT_EQ(humanoid->model()->nv, 23);
  EXPECT_EQ(humanoid->model()->nbody, 14);
}

TEST(Spec, ObservationLayout) {
  // Planar tasks: qpos without x, then velocities clipped to +-10 (Hopper,
  // Walker2d) or not (HalfCheetah).
  for (const char *name : {"Hopper", "Walker2d", "HalfCheetah"}) {
    SCOPED_TRACE(name);
    auto task = makeTask(name);
    task->reset(0);
    mjData *d = task->data();
    const int nq = task->model()->nq;
    d->qpos[1] = 1.1;
    d->qvel[3] = 50.0;
    d->qvel[4] = -50.0;
    std::vector<double> obs = task->observation();
    EXPECT_EQ(obs[0], 1.1);
    const double bound = std::string(name) == "HalfCheetah" ? 50.0 : 10.0;
    EXPECT_EQ(obs[nq - 1 + 3], bound);
    EXPECT_EQ(obs[nq - 1 + 4], -bound);
    EXPECT_EQ(obs[nq - 1 + 0], d->qvel[0]);
  }
  // Ant: qpos without x and y, then qvel.
  auto ant = makeTask("Ant");
  std::vector<double> obs = ant->reset(0);
  EXPECT_EQ(obs[0], ant->data()->qpos[2]);
  EXPECT_EQ(obs[13], ant->data()->qvel[0]);
  // Humanoid: qpos[2:], qvel, cinert, cvel, qfrc_actuator, cfrc_ext.
  auto humanoid = makeTask("Humanoid");
  obs = humanoid->reset(0);
  const mjData *d = humanoid->data();
  EXPECT_EQ(obs[0], d->qpos[2]);
  EXPECT_EQ(obs[22], d->qvel[0]);
  EXPECT_EQ(obs[45], d->cinert[0]);
  EXPECT_EQ(obs[45 + 140], d->cvel[0]);
  EXPECT_EQ(obs[45 + 140 + 84], d->qfrc_actuator[0]);
  EXPECT_EQ(obs[45 + 140 + 84 + 23 + 83], d->cfrc_ext[83]);
}

TEST(Spec, NamesAreCaseInsensitiveWithOptionalV4) {
  EXPECT_EQ(canonicalTaskName("halfcheetah"), "HalfCheetah");
  EXPECT_EQ(canonicalTaskName("HalfCheetah-v4"), "HalfCheetah");
  EXPECT_EQ(canonicalTaskName("WALKER2D-V4"), "Walker2d");
  EXPECT_EQ(canonicalTaskName("Walker2d-v3"), "");
  EXPECT_EQ(canonicalTaskName("-v4"), "");
  EXPECT_EQ(makeTask("invertedpendulum-v4")->spec().name, "InvertedPendulum");
  EXPECT_EQ(taskNames().size(), 6u);
}

TEST(Spec, UnknownNameListsTheKnownOnes) {
  try {
    makeTask("Swimmer");
    FAIL() << "no exception";
  } catch (const std::invalid_argument &e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("Swimmer"), std::string::npos) << msg;
    for (const std::string &name : taskNames())
      EXPECT_NE(msg.find(name), std::string::npos) << msg;
  }
}

} // namespace
} // namespace ofex::envs::test
