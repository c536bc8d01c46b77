//===- OfeLearner.h - OFENet's auxiliary update -----------------*- C++ -*-===//
//
// OFENet learns its features by predicting the next observation (the task's
// target columns of o_{t+1}) from z_oa(o_t, a_t): one compiled step runs the
// forward pass, the MSE, the backward pass and Adam.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_OFELEARNER_H
#define OFEX_TRAIN_OFELEARNER_H

#include "ofex/rt/CompiledFunction.h"
#include "ofex/train/Batch.h"

#include <cstdint>
#include <vector>

namespace ofex::train {

class OfeLearner {
public:
  /// `targetDim` leading columns of each next observation are the target.
  OfeLearner(int64_t batch, int64_t obsDim, int64_t targetDim);
  /// One update with the compiled ofe.step; returns the loss before it.
  float update(rt::CompiledFunction &step, const Batch &b);

private:
  int64_t batch, obsDim, targetDim;
  std::vector<float> target; ///< batch x targetDim
};

} // namespace ofex::train

#endif // OFEX_TRAIN_OFELEARNER_H
