//===- TestUtil.h - Helpers shared by the envs unit tests -----------------===//
#ifndef OFEX_TEST_ENVS_TESTUTIL_H
#define OFEX_TEST_ENVS_TESTUTIL_H

#include "ofex/envs/Registry.h"

#include <string>
#include <vector>

namespace ofex::envs::test {

inline std::vector<float> constantAction(const Task &task, float value) {
  return std::vector<float>(static_cast<std::size_t>(task.spec().act_dim),
                            value);
}

/// The forward coordinate, computed here from mjData without the task's code:
/// the root slider for planar tasks, the torso's centre of mass for Ant, the
/// mass-weighted mean of the bodies' centres of mass for Humanoid.
inline double independentX(const Task &task) {
  const mjModel *m = task.model();
  const mjData *d = task.data();
  const std::string &name = task.spec().name;
  if (name == "Ant")
    return d->xipos[3 * mj_name2id(m, mjOBJ_BODY, "torso")];
  if (name == "Humanoid") {
    double mass = 0, moment = 0;
    for (int b = 0; b < m->nbody; ++b) {
      mass += m->body_mass[b];
      moment += m->body_mass[b] * d->xipos[3 * b];
    }
    return moment / mass;
  }
  return d->qpos[0];
}

} // namespace ofex::envs::test

#endif // OFEX_TEST_ENVS_TESTUTIL_H
