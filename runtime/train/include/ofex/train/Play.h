//===- Play.h - run a shipped policy by itself ------------------*- C++ -*-===//
//
// Loads DIR/deploy.mlir (phi_o and pi, gates removed) and DIR/deploy.bin
// (their weights and the task's name) and nothing else, compiles the policy
// at batch 1, and runs deterministic episodes on the task: the proof that the
// exported model works alone.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_PLAY_H
#define OFEX_TRAIN_PLAY_H

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ofex::train {

struct PlayResult {
  std::string env;
  std::vector<double> returns;
  std::vector<int64_t> lengths;
  double latencyUs = 0; ///< mean policy inference time per step
  int64_t params = 0;
};

/// Throws std::invalid_argument (one line naming the file) for a missing or
/// unreadable deploy.mlir / deploy.bin, weights that do not fit the model,
/// or a model whose input does not match the task.
/// Episode e uses seed `seed` + e; without a seed, the run's evaluation
/// seed (its --seed + 1000), so that --play replays its evaluations.
/// With `actions`, every step also writes one CSV line there: the
/// observation's entries, then the action sent to the task (in its action
/// box), each with 9 significant digits (what another runtime of the same
/// policy, e.g. its deploy.onnx, must reproduce).
PlayResult play(const std::string &dir, int64_t episodes,
                std::optional<uint64_t> seed, std::ostream *actions = nullptr);

} // namespace ofex::train

#endif // OFEX_TRAIN_PLAY_H
