//===- CheckpointManager.h - a run's checkpoint and replay files -*- C++
//-*-===//
//
// A run's checkpoint is checkpoint.bin (every part's entries, see
// Saveable.h) and the replay buffer in a file of its own step,
// replay-<step>.bin, which the checkpoint names with its size and digest.
// The buffer is written first, then the checkpoint through a rename, and
// only then does the previous buffer go: a kill at any moment leaves either
// the old checkpoint with the old buffer or the new with the new.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_CHECKPOINTMANAGER_H
#define OFEX_TRAIN_CHECKPOINTMANAGER_H

#include "ofex/io/Checkpoint.h"
#include "ofex/rl/ReplayBuffer.h"
#include "ofex/train/Saveable.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ofex::train {

class CheckpointManager {
public:
  /// Checkpoints of the run in `dir`, identified by `fingerprint`.
  CheckpointManager(std::filesystem::path dir, std::string fingerprint)
      : dir(std::move(dir)), fingerprint(std::move(fingerprint)) {}

  /// Writes the checkpoint of step `step`: `replay` to its own file, then
  /// checkpoint.bin with every part's entries; then removes older buffers.
  /// Throws std::runtime_error naming a file that cannot be written.
  void save(int64_t step, const std::vector<const Saveable *> &parts,
            const rl::ReplayBuffer &replay);

  /// Removes every replay buffer in the directory but `keep` (and unfinished
  /// writes): a fresh start passes "", a resume the buffer it loaded.
  void removeReplaysBut(const std::string &keep) const;

private:
  std::filesystem::path dir;
  std::string fingerprint;
};

/// The replay buffer that checkpoint `ck` (read from `path` in `dir`)
/// names, checked against it: its size in bytes, its digest, its transition
/// count and `shape` (checked before the buffer is allocated). Sets `name`
/// to the buffer's file name. Throws std::runtime_error naming the file.
std::unique_ptr<rl::ReplayBuffer> loadReplayOf(const io::Checkpoint &ck,
                                               const std::string &path,
                                               const std::filesystem::path &dir,
                                               const rl::ReplayShape &shape,
                                               std::string &name);

} // namespace ofex::train

#endif // OFEX_TRAIN_CHECKPOINTMANAGER_H
