//===- OfeLearner.cpp - OFENet's auxiliary update -------------------------===//

#include "ofex/train/OfeLearner.h"

#include <algorithm>
#include <cstring>

namespace ofex::train {

OfeLearner::OfeLearner(int64_t batch, int64_t obsDim, int64_t targetDim)
    : batch(batch), obsDim(obsDim), targetDim(targetDim),
      target(batch * std::max<int64_t>(targetDim, 1), 0.0f) {}

float OfeLearner::update(rt::CompiledFunction &step, const Batch &b) {
  for (int64_t r = 0; r < batch; ++r)
    std::memcpy(&target[r * targetDim], &b.nextObs[r * obsDim],
                targetDim * sizeof(float));
  step.bindArg("input:0", const_cast<float *>(b.obs));
  step.bindArg("input:1", const_cast<float *>(b.act));
  step.bindArg("target", target.data());
  step.run();
  return *step.result("loss");
}

} // namespace ofex::train
