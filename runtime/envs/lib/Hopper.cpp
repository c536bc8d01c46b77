//===- Hopper.cpp - Planar one-legged hopper ------------------------------===//
//
// obs (11) = qpos[1:] (5) + clip(qvel, +-10) (6); x is the root slider.
// Healthy: z = qpos[1] > 0.7, |angle = qpos[2]| < 0.2, and every entry of
// (qpos[2:], qvel) inside (-100, 100).
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

#include <cmath>

namespace ofex::envs {
namespace {

class Hopper final : public Task {
public:
  explicit Hopper(const TaskOptions &options)
      : Task(boxSpec("Hopper", 11, 3, -1.0, 1.0), "hopper.xml",
             /*frame_skip=*/4,
             RewardConfig{/*forward=*/1.0, /*ctrl=*/1e-3, /*healthy=*/1.0,
                          /*terminate=*/true},
             ResetNoise::Uniform, 5e-3, options) {
    requireSizes(/*nq=*/6, /*nv=*/6, /*nbody=*/5);
  }

  double xPosition() const override { return data()->qpos[0]; }

  bool isHealthy() const override {
    const mjData *d = data();
    const double z = d->qpos[1], angle = d->qpos[2];
    for (int i = 2; i < model()->nq; ++i)
      if (!(std::abs(d->qpos[i]) < 100.0))
        return false;
    for (int i = 0; i < model()->nv; ++i)
      if (!(std::abs(d->qvel[i]) < 100.0))
        return false;
    return z > 0.7 && std::abs(angle) < 0.2;
  }

protected:
  void observe(std::vector<double> &out) const override {
    append(out, data()->qpos, 1, model()->nq);
    appendClipped(out, data()->qvel, model()->nv, 10.0);
  }
};

} // namespace

std::unique_ptr<Task> makeHopper(const TaskOptions &options) {
  return std::make_unique<Hopper>(options);
}

} // namespace ofex::envs
