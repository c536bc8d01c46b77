//===- Ant.cpp - Quadruped on a free joint --------------------------------===//
//
// obs (27) = qpos[2:] (13) + qvel (14), no contact forces; x is the torso's
// centre of mass. Healthy: state finite and 0.2 < z = qpos[2] < 1.0.
// Contact cost is off, as in v4 without use_contact_forces.
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

#include <cmath>

namespace ofex::envs {
namespace {

class Ant final : public Task {
public:
  explicit Ant(const TaskOptions &options)
      : Task(boxSpec("Ant", 27, 8, -1.0, 1.0), "ant.xml", /*frame_skip=*/5,
             RewardConfig{/*forward=*/1.0, /*ctrl=*/0.5, /*healthy=*/1.0,
                          /*terminate=*/true},
             ResetNoise::UniformPosNormalVel, 0.1, options),
        torso_(mj_name2id(model(), mjOBJ_BODY, "torso")) {
    requireSizes(/*nq=*/15, /*nv=*/14, /*nbody=*/14);
  }

  double xPosition() const override { return data()->xipos[3 * torso_]; }

  bool isHealthy() const override {
    const mjData *d = data();
    for (int i = 0; i < model()->nq; ++i)
      if (!std::isfinite(d->qpos[i]))
        return false;
    for (int i = 0; i < model()->nv; ++i)
      if (!std::isfinite(d->qvel[i]))
        return false;
    return d->qpos[2] > 0.2 && d->qpos[2] < 1.0;
  }

protected:
  void observe(std::vector<double> &out) const override {
    append(out, data()->qpos, 2, model()->nq);
    append(out, data()->qvel, 0, model()->nv);
  }

private:
  int torso_;
};

} // namespace

std::unique_ptr<Task> makeAnt(const TaskOptions &options) {
  return std::make_unique<Ant>(options);
}

} // namespace ofex::envs
