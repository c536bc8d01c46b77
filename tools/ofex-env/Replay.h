//===- Replay.h - An episode from a given state and action sequence -------===//
//
// For comparing physics with another simulator or model file step for step:
// the start state and the actions come from files, and every step's state is
// printed at full precision.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENV_REPLAY_H
#define OFEX_ENV_REPLAY_H

#include "ofex/envs/Task.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace ofex::envtool {

/// Rows of numbers from a text file: one row per non-empty line, entries
/// separated by commas or blanks, lines starting with '#' skipped. Throws
/// tool::UsageError naming the file and line for anything that is not a
/// finite number or a row of a different length than `width` (any width
/// when `width` is 0).
std::vector<std::vector<double>> readRows(const std::string &path,
                                          std::size_t width);

/// The start state of a --start file: one row of nq + nv values (qpos, then
/// qvel). Throws tool::UsageError naming the file.
struct StartState {
  std::vector<double> qpos, qvel;
};
StartState readStartState(const std::string &path, const mjModel &model);

/// Steps `task` through `actions` from its current episode and writes one CSV
/// row per step (the first for the start state): step, reward, terminated,
/// truncated, then qpos and qvel with 17 significant digits (and, with
/// `with_obs`, the observation). Actions are rounded to float, as a policy's
/// are. Stops early when the episode ends. Returns the number of steps taken.
int replayActions(envs::Task &task,
                  const std::vector<std::vector<double>> &actions,
                  bool with_obs, std::ostream &out);

} // namespace ofex::envtool

#endif // OFEX_ENV_REPLAY_H
