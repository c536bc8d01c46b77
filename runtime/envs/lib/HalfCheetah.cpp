//===- HalfCheetah.cpp - Planar runner: reward forward speed --------------===//
//
// obs (17) = qpos[1:] (8) + qvel (9); x is the root slider; never terminates.
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

namespace ofex::envs {
namespace {

class HalfCheetah final : public Task {
public:
  explicit HalfCheetah(const TaskOptions &options)
      : Task(boxSpec("HalfCheetah", 17, 6, -1.0, 1.0), "half_cheetah.xml",
             /*frame_skip=*/5,
             RewardConfig{/*forward=*/1.0, /*ctrl=*/0.1, /*healthy=*/0.0,
                          /*terminate=*/false},
             ResetNoise::UniformPosNormalVel, 0.1, options) {
    requireSizes(/*nq=*/9, /*nv=*/9, /*nbody=*/8);
  }

  double xPosition() const override { return data()->qpos[0]; }

protected:
  void observe(std::vector<double> &out) const override {
    append(out, data()->qpos, 1, model()->nq);
    append(out, data()->qvel, 0, model()->nv);
  }
};

} // namespace

std::unique_ptr<Task> makeHalfCheetah(const TaskOptions &options) {
  return std::make_unique<HalfCheetah>(options);
}

} // namespace ofex::envs
