//===- Sweep.h - A sweep file, its rows, manifest and Slurm array script --===//
//
// A sweep file is an INI file of ofex-train options ("name = value"); a value
// with commas is a list, and the sweep is the product of the lists in the
// order the file gives them. A [sweep] section holds the sweep's own
// settings (Slurm time limit, CPUs per task, runs at a time). Planning writes
// DIR/manifest.tsv (one complete ofex-train command line per row, each with
// its own --out under DIR/runs) and DIR/sweep.sbatch (a job array whose task
// i runs row i).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_SWEEP_SWEEP_H
#define OFEX_SWEEP_SWEEP_H

#include <string>
#include <utility>
#include <vector>

namespace ofex::sweep {

/// The [sweep] section.
struct Settings {
  std::string name = "ofex-sweep";
  std::string time = "24:00:00"; ///< Slurm time limit per run
  int cpusPerTask = 1;           ///< also each run's --threads
  int maxParallel = 0;           ///< array tasks at a time (0: no limit)
  std::string partition;         ///< empty: the cluster's default
  int signalSeconds = 300;       ///< SIGUSR1 this long before the time limit
};

/// One option and its values (one value: the same for every row).
struct Axis {
  std::string option;
  std::vector<std::string> values;
};

struct SweepFile {
  std::vector<Axis> axes; ///< in the file's order
  Settings settings;
};

/// Reads a sweep file. Throws tool::UsageError naming the file and line for
/// syntax errors, options ofex-train manages itself (out, resume, config,
/// threads: the sweep sets them), empty list entries, repeated options and
/// bad settings.
SweepFile readSweepFile(const std::string &path);

/// One run of the sweep.
struct Row {
  int index = 0;
  std::string name; ///< from the varied options, e.g. "env-Hopper_seed-2"
  std::string out;  ///< DIR/runs/<name>
  std::vector<std::string> argv; ///< the complete ofex-train command
};

/// The product of the axes, the last axis varying fastest. `trainPath` is
/// the ofex-train to run; `dir` the sweep directory (absolute).
std::vector<Row> expand(const SweepFile &sweep, const std::string &trainPath,
                        const std::string &dir);

/// A word as a POSIX shell reads it back (single quotes where needed).
std::string shellQuote(const std::string &word);
/// The inverse for the words shellQuote writes (and plain words).
std::vector<std::string> shellSplit(const std::string &line);

/// Writes DIR/manifest.tsv ("row<TAB>out<TAB>command", a header first).
void writeManifest(const std::string &dir, const std::vector<Row> &rows);
/// Reads it back. Throws tool::UsageError naming the file.
std::vector<Row> readManifest(const std::string &dir);

/// The job array script for `rows`: task i runs row i through
/// `ofex-sweep run` as a job step (so scancel --signal and the time-limit
/// signal reach ofex-train), records its exit status, and requeues itself
/// when the run stopped after a checkpoint (exit status 3).
std::string slurmScript(const Settings &settings, const std::string &dir,
                        const std::string &sweepPath, std::size_t rows);

} // namespace ofex::sweep

#endif // OFEX_SWEEP_SWEEP_H
