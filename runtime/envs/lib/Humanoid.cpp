//===- Humanoid.cpp - 3D biped on a free joint ----------------------------===//
//
// obs (376) = qpos[2:] (22) + qvel (23) + cinert (14x10) + cvel (14x6) +
// qfrc_actuator (23) + cfrc_ext (14x6), bodies including the world.
// x is the whole-body centre of mass. Healthy: 1.0 < z = qpos[2] < 2.0.
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

namespace ofex::envs {
namespace {

class Humanoid final : public Task {
public:
  explicit Humanoid(const TaskOptions &options)
      : Task(boxSpec("Humanoid", 376, 17, -0.4, 0.4), "humanoid.xml",
             /*frame_skip=*/5,
             RewardConfig{/*forward=*/1.25, /*ctrl=*/0.1, /*healthy=*/5.0,
                          /*terminate=*/true},
             ResetNoise::Uniform, 1e-2, options) {
    requireSizes(/*nq=*/24, /*nv=*/23, /*nbody=*/14);
  }

  double xPosition() const override {
    const mjModel *m = model();
    double mass = 0, moment = 0;
    for (int b = 0; b < m->nbody; ++b) {
      mass += m->body_mass[b];
      moment += m->body_mass[b] * data()->xipos[3 * b];
    }
    return moment / mass;
  }

  bool isHealthy() const override {
    const double z = data()->qpos[2];
    return z > 1.0 && z < 2.0;
  }

protected:
  // MuJoCo fills cfrc_ext (and cacc) only in mj_rnePostConstraint, which
  // mj_step runs only for models with force sensors; the observation needs it.
  void afterPhysics() override { mj_rnePostConstraint(model(), data()); }

  void observe(std::vector<double> &out) const override {
    const mjModel *m = model();
    const mjData *d = data();
    append(out, d->qpos, 2, m->nq);
    append(out, d->qvel, 0, m->nv);
    append(out, d->cinert, 0, 10 * m->nbody);
    append(out, d->cvel, 0, 6 * m->nbody);
    append(out, d->qfrc_actuator, 0, m->nv);
    append(out, d->cfrc_ext, 0, 6 * m->nbody);
  }
};

} // namespace

std::unique_ptr<Task> makeHumanoid(const TaskOptions &options) {
  return std::make_unique<Humanoid>(options);
}

} // namespace ofex::envs
