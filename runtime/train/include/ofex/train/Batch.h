//===- Batch.h - a sampled batch of transitions -----------------*- C++ -*-===//

#ifndef OFEX_TRAIN_BATCH_H
#define OFEX_TRAIN_BATCH_H

namespace ofex::train {

/// A sampled batch of transitions, row-major.
struct Batch {
  const float *obs, *act, *reward, *nextObs, *terminated;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_BATCH_H
