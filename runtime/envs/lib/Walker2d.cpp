//===- Walker2d.cpp - Planar two-legged walker ----------------------------===//
//
// obs (17) = qpos[1:] (8) + clip(qvel, +-10) (9); x is the root slider.
// Healthy: 0.8 < z = qpos[1] < 2.0 and -1 < angle = qpos[2] < 1.
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

namespace ofex::envs {
namespace {

class Walker2d final : public Task {
public:
  explicit Walker2d(const TaskOptions &options)
      : Task(boxSpec("Walker2d", 17, 6, -1.0, 1.0), "walker2d.xml",
             /*frame_skip=*/4,
             RewardConfig{/*forward=*/1.0, /*ctrl=*/1e-3, /*healthy=*/1.0,
                          /*terminate=*/true},
             ResetNoise::Uniform, 5e-3, options) {
    requireSizes(/*nq=*/9, /*nv=*/9, /*nbody=*/8);
  }

  double xPosition() const override { return data()->qpos[0]; }

  bool isHealthy() const override {
    const double z = data()->qpos[1], angle = data()->qpos[2];
    return z > 0.8 && z < 2.0 && angle > -1.0 && angle < 1.0;
  }

protected:
  void observe(std::vector<double> &out) const override {
    append(out, data()->qpos, 1, model()->nq);
    appendClipped(out, data()->qvel, model()->nv, 10.0);
  }
};

} // namespace

std::unique_ptr<Task> makeWalker2d(const TaskOptions &options) {
  return std::make_unique<Walker2d>(options);
}

} // namespace ofex::envs
