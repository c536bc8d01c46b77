//===- Saveable.h - a part of a run that a checkpoint keeps ------*- C++
//-*-===//
//
// Each part of a training run (the agent, the actor, the trainer's counters)
// writes its own entries into a checkpoint and reads them back; the
// CheckpointManager only composes the parts, so no list of keys is written
// twice (once to save, once to load). Entries of different parts have
// different names: a checkpoint is one flat name space per kind.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_SAVEABLE_H
#define OFEX_TRAIN_SAVEABLE_H

#include "ofex/io/Checkpoint.h"

namespace ofex::train {

/// How a checkpoint is read back.
enum class Restore {
  Resume,    ///< the same run continues, bit for bit
  WarmStart, ///< another run of the same task and architecture starts from it
};

class Saveable {
public:
  virtual ~Saveable() = default;
  virtual void save(io::Checkpoint &checkpoint) const = 0;
  /// Throws std::invalid_argument (a problem of the checkpoint's content,
  /// without its file name: the caller adds it) or std::runtime_error (a
  /// missing entry).
  virtual void restore(const io::Checkpoint &checkpoint, Restore mode) = 0;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_SAVEABLE_H
