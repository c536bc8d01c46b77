//===- InvertedPendulum.cpp - Balance a pole on a cart --------------------===//
//
// obs (4) = qpos (cart, angle) + qvel; reward 1 per step; the episode ends
// when |angle| > 0.2 or the observation is not finite. A fast sanity task.
//
//===----------------------------------------------------------------------===//
#include "TaskImpls.h"

#include <cmath>

namespace ofex::envs {
namespace {

class InvertedPendulum final : public Task {
public:
  explicit InvertedPendulum(const TaskOptions &options)
      : Task(boxSpec("InvertedPendulum", 4, 1, -3.0, 3.0),
             "inverted_pendulum.xml", /*frame_skip=*/2,
             RewardConfig{/*forward=*/0.0, /*ctrl=*/0.0, /*healthy=*/1.0,
                          /*terminate=*/true},
             ResetNoise::Uniform, 0.01, options) {
    requireSizes(/*nq=*/2, /*nv=*/2, /*nbody=*/3);
  }

  double xPosition() const override { return data()->qpos[0]; }

  bool isHealthy() const override {
    const mjData *d = data();
    for (int i = 0; i < 2; ++i)
      if (!std::isfinite(d->qpos[i]) || !std::isfinite(d->qvel[i]))
        return false;
    return std::abs(d->qpos[1]) <= 0.2;
  }

protected:
  void observe(std::vector<double> &out) const override {
    append(out, data()->qpos, 0, model()->nq);
    append(out, data()->qvel, 0, model()->nv);
  }
};

} // namespace

std::unique_ptr<Task> makeInvertedPendulum(const TaskOptions &options) {
  return std::make_unique<InvertedPendulum>(options);
}

} // namespace ofex::envs
