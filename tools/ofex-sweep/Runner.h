//===- Runner.h - Running a sweep's rows here, and their state ------------===//
#ifndef OFEX_SWEEP_RUNNER_H
#define OFEX_SWEEP_RUNNER_H

#include "Sweep.h"

#include <string>
#include <vector>

namespace ofex::sweep {

/// Replaces this process by row `index`'s ofex-train (what an array task
/// runs). Throws tool::UsageError for a row the manifest does not have.
[[noreturn]] void execRow(const std::vector<Row> &rows, int index);

/// Runs every row that is not done, `jobs` at a time, each with its output in
/// DIR/logs/row-N.log and its exit status in DIR/status/row-N.exit. Rows
/// that were stopped or killed continue from their checkpoints (ofex-train
/// resumes a run directory of its own configuration). SIGINT or SIGTERM
/// passes SIGTERM on to the running rows (they checkpoint and stop) and
/// starts no more. Returns the number of rows that did not finish.
int runLocal(const std::string &dir, const std::vector<Row> &rows, int jobs);

enum class RowState { Pending, Running, Done, Stopped, Failed };
struct RowStatus {
  RowState state = RowState::Pending;
  int exitStatus = -1; ///< the last recorded one, -1 if none
};

/// What the files say about a row: running (its lock's holder is a live
/// ofex-train on this machine), done / stopped / failed (its last exit
/// status 0 / 3 / other), pending otherwise.
RowStatus rowStatus(const std::string &dir, const Row &row);

const char *stateName(RowState state);

} // namespace ofex::sweep

#endif // OFEX_SWEEP_RUNNER_H
