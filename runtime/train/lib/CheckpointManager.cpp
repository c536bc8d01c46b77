//===- CheckpointManager.cpp - a run's checkpoint and replay files --------===//

#include "ofex/train/CheckpointManager.h"

#include "ofex/io/AtomicFile.h"

#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace ofex::train {

void CheckpointManager::save(int64_t step,
                             const std::vector<const Saveable *> &parts,
                             const rl::ReplayBuffer &replay) {
  io::Checkpoint ck;
  ck.setFingerprint(fingerprint);
  for (const Saveable *part : parts)
    part->save(ck);
  ck.setUInt("replay.added", replay.added());
  const std::string replayName = "replay-" + std::to_string(step) + ".bin";
  io::AtomicFileWriter rw((dir / replayName).string());
  const uint64_t digest = replay.save(rw.stream());
  rw.commit();
  ck.setString("replay.file", replayName);
  ck.setUInt("replay.digest", digest);
  ck.setUInt("replay.bytes", fs::file_size(dir / replayName));
  io::saveCheckpoint((dir / "checkpoint.bin").string(), ck);
  removeReplaysBut(replayName);
}

void CheckpointManager::removeReplaysBut(const std::string &keep) const {
  std::error_code ec;
  for (const fs::directory_entry &e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    auto endsWith = [&](const std::string &suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
                 0;
    };
    const bool replayFile = name == "replay.bin" || name == "replay.bin.tmp" ||
                            (name.rfind("replay-", 0) == 0 &&
                             (endsWith(".bin") || endsWith(".bin.tmp")));
    if (replayFile && name != keep)
      fs::remove(e.path(), ec);
  }
}

std::unique_ptr<rl::ReplayBuffer> loadReplayOf(const io::Checkpoint &ck,
                                               const std::string &path,
                                               const fs::path &dir,
                                               const rl::ReplayShape &shape,
                                               std::string &name) {
  // The buffer the checkpoint names (checkpoints of older runs: replay.bin).
  name = ck.hasString("replay.file") ? ck.getString("replay.file")
                                     : std::string("replay.bin");
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw std::runtime_error(path + ": names an invalid replay file '" + name +
                             "'");
  const std::string replayPath = (dir / name).string();
  std::ifstream in(replayPath, std::ios::binary);
  if (!in)
    throw std::runtime_error(replayPath + ": cannot open (" + path +
                             " needs it)");
  if (ck.hasUInt("replay.bytes")) {
    std::error_code ec;
    const uintmax_t bytes = fs::file_size(replayPath, ec);
    if (ec || bytes != ck.getUInt("replay.bytes"))
      throw std::runtime_error(replayPath + ": " + std::to_string(bytes) +
                               " bytes, " + path + " wrote " +
                               std::to_string(ck.getUInt("replay.bytes")));
  }
  uint64_t digest = 0;
  std::unique_ptr<rl::ReplayBuffer> replay;
  try {
    replay = std::make_unique<rl::ReplayBuffer>(
        rl::ReplayBuffer::load(in, &digest, &shape));
  } catch (const std::runtime_error &e) {
    throw std::runtime_error(replayPath + ": " + e.what());
  }
  if (replay->added() != ck.getUInt("replay.added") ||
      (ck.hasUInt("replay.digest") && digest != ck.getUInt("replay.digest")))
    throw std::runtime_error(replayPath + ": does not belong to " + path);
  return replay;
}

} // namespace ofex::train
